using System.Security.Cryptography;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Handshake;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Session;

/// <summary>
/// One handshake of a connection (the first, or a renegotiation): the hellos, the negotiated
/// parameters, and the transcript of its messages (bounded, and freed once nothing needs it).
/// </summary>
internal sealed class HandshakeContext : IDisposable
{
    private const int MaxTranscriptBytes = 4 << 20;

    private byte[] _transcript = [];
    private int _transcriptLength;
    private bool _transcriptOverflow;
    private bool _transcriptReleased;

    public ClientHelloInfo? ClientHello { get; set; }

    public ServerHelloInfo? ServerHello { get; set; }

    public CipherSuiteInfo? Suite { get; set; }

    public ushort Version { get; set; }

    public bool HelloRetryRequest { get; set; }

    public bool Resumed { get; set; }

    public byte[]? ClientKeyExchange { get; set; }

    /// <summary>Transcript hash up to and including ClientKeyExchange (RFC 7627 §3 session_hash).</summary>
    public byte[]? SessionHash { get; set; }

    public byte[]? MasterSecret { get; set; }

    public Tls12KeyBlock? KeyBlock { get; set; }

    public bool KeyDerivationAttempted { get; set; }

    public List<byte[]> Tickets { get; } = [];

    public HandshakeType LastServerMessage { get; set; }

    public void AppendTranscript(ReadOnlySpan<byte> message)
    {
        if (_transcriptReleased)
        {
            return;
        }

        if (_transcriptOverflow || _transcriptLength + message.Length > MaxTranscriptBytes)
        {
            _transcriptOverflow = true;
            return;
        }

        if (_transcriptLength + message.Length > _transcript.Length)
        {
            Array.Resize(ref _transcript, Math.Max(_transcriptLength + message.Length, _transcript.Length * 2));
        }

        message.CopyTo(_transcript.AsSpan(_transcriptLength));
        _transcriptLength += message.Length;
    }

    /// <summary>
    /// Nothing will hash the transcript any more (TLS 1.3 takes its secrets from the key log; TLS 1.2
    /// needs it only up to ClientKeyExchange, RFC 7627 §3): free it, and record no more. Thousands of
    /// open connections would otherwise each keep their certificate chain.
    /// </summary>
    public void ReleaseTranscript()
    {
        _transcriptReleased = true;
        _transcript = [];
        _transcriptLength = 0;
    }

    public void ResetTranscript()
    {
        _transcriptLength = 0;
        _transcriptOverflow = false;
    }

    /// <summary>
    /// The handshake hash: the suite's PRF hash for TLS 1.2 (RFC 5246 §7.4.9), MD5 || SHA-1 for
    /// TLS 1.0/1.1 and DTLS 1.0 (RFC 2246 §7.4.9). Null if the transcript overflowed.
    /// </summary>
    public byte[]? TranscriptHash(bool md5Sha1, HashAlgorithmName hash)
    {
        if (_transcriptOverflow || _transcriptReleased)
        {
            return null;
        }

        var data = _transcript.AsSpan(0, _transcriptLength);
        if (md5Sha1)
        {
            return [.. MD5.HashData(data), .. SHA1.HashData(data)];
        }

        using var incremental = IncrementalHash.CreateHash(hash);
        incremental.AppendData(data);
        return incremental.GetHashAndReset();
    }

    public void Dispose()
    {
        // The master secret stays alive in the session cache for resumption; only the key block goes.
        KeyBlock?.Dispose();
    }
}
