using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Handshake;

namespace TlsExtcap.Core.Tls.Session;

/// <summary>Framing, key and handshake state of one direction of a connection.</summary>
internal sealed class DirectionState : IDisposable
{
    public DirectionState(Direction direction, bool datagram, int maxHandshakeMessageLength = TlsEngineOptions.DefaultMaxHandshakeMessageLength)
    {
        Direction = direction;
        Handshake = new HandshakeAssembler(maxHandshakeMessageLength);
        if (datagram)
        {
            DtlsHandshake = new DtlsHandshakeAssembler(maxHandshakeMessageLength);
        }
    }

    public Direction Direction { get; }

    public DirectionStats Stats { get; } = new();

    // ---- stream framing (TCP) ----
    public byte[] Pending = new byte[256];
    public int PendingLength;

    /// <summary>After a gap: bytes are skipped until a plausible record header.</summary>
    public bool Resynchronising;

    /// <summary>Sequence numbers that may have been lost in a gap: trial decryption tries this many more.</summary>
    public int TrialWindow;

    /// <summary>True once the first bytes of this direction were checked for TLS.</summary>
    public bool Started;

    public long RecordNumber;

    // ---- protection ----
    /// <summary>True when records of this direction are protected (TLS 1.2 after CCS; TLS 1.3 type 23).</summary>
    public bool Encrypted;

    public RecordDecryptor? Decryptor;

    public ulong Sequence;

    /// <summary>TLS ≤ 1.2: keys of the latest handshake, activated at this direction's ChangeCipherSpec.</summary>
    public RecordDecryptor? PendingDecryptor;

    public bool PendingKeysMissing;

    /// <summary>Set when the active cipher is known to be unusable (missing keys).</summary>
    public DecryptFailureReason? MissingKeyReason;

    // ---- TLS 1.3 ----
    public Tls13Stage Stage;
    public int Generation;
    public byte[]? TrafficSecret;

    // ---- DTLS ----
    public ushort Epoch;

    // ---- handshake ----
    public HandshakeAssembler Handshake { get; }

    public DtlsHandshakeAssembler? DtlsHandshake { get; }

    /// <summary>Plaintext output scratch, reused per record.</summary>
    public byte[] Scratch = [];

    public void SetDecryptor(RecordDecryptor? decryptor)
    {
        if (!ReferenceEquals(Decryptor, decryptor))
        {
            Decryptor?.Dispose();
        }

        Decryptor = decryptor;
        Sequence = 0;
        TrialWindow = 0;
    }

    /// <summary>Frees the buffers of a closed direction; its counters stay.</summary>
    public void Release()
    {
        Pending = [];
        PendingLength = 0;
        Scratch = [];
        Handshake.Reset();
        Dispose();
    }

    public void Dispose()
    {
        Decryptor?.Dispose();
        PendingDecryptor?.Dispose();
        Decryptor = null;
        PendingDecryptor = null;
        if (TrafficSecret is not null)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(TrafficSecret);
        }
    }
}
