using TlsExtcap.Core.Dissection.Verification;

namespace TlsExtcap.Core.Dissection;

/// <summary>
/// What the annotations learned about one connection from the messages they dissected (the core's own
/// view is updated only after a record's events, so the dissectors keep theirs).
/// </summary>
internal sealed class ConnectionFacts
{
    public ConnectionFacts(HandshakeVerifier verifier)
    {
        Verifier = verifier;
    }

    public ushort Version { get; set; }

    public ushort? CipherSuite { get; set; }

    public string? Alpn { get; set; }

    public HandshakeVerifier Verifier { get; }

    /// <summary>Bytes of a handshake message begun in an earlier record, per direction (RFC 8446 §5.1).</summary>
    public PartialMessage? ClientPending { get; set; }

    public PartialMessage? ServerPending { get; set; }

    /// <summary>DTLS handshake messages being put together from fragments, by direction and message_seq.</summary>
    public Dictionary<(bool FromClient, int Sequence), DtlsPartialMessage> DtlsPending { get; } = [];

    /// <summary>Protected TLS 1.3 records not decrypted, per direction (their type is hidden).</summary>
    public int OpaqueClientRecords { get; set; }

    public int OpaqueServerRecords { get; set; }

    /// <summary>Number of handshake messages seen, for source ids.</summary>
    public int Messages { get; set; }
}
