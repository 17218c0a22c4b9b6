namespace TlsExtcap.Core.Tls.Session;

/// <summary>
/// Tunables of the TLS engine, including the per-connection limits that bound its memory and work
/// (README "Limits"). A connection over <see cref="MaxHandshakeMessageLength"/> or
/// <see cref="MaxReassemblyBytes"/> is released undecrypted (<see cref="TlsConnection.LimitExceeded"/>).
/// </summary>
public sealed class TlsEngineOptions
{
    /// <summary>Default of <see cref="MaxHandshakeMessageLength"/>: 1 MiB (a certificate chain is a few KiB).</summary>
    public const int DefaultMaxHandshakeMessageLength = 1 << 20;

    /// <summary>Default of <see cref="MaxReassemblyBytes"/>: 16 MiB per direction.</summary>
    public const int DefaultMaxReassemblyBytes = 16 << 20;

    /// <summary>Default of <see cref="MaxTrialWindow"/>.</summary>
    public const int DefaultMaxTrialWindow = 64;

    /// <summary>Compute SHA-256 of each direction's application data (the summary command needs it).</summary>
    public bool HashApplicationData { get; init; } = true;

    /// <summary>
    /// How many sequence numbers past the expected one trial decryption may try after a gap or failure
    /// (RFC 8446 §5.3, RFC 5246 §6.1: each lost record used one); bounds the work per record.
    /// </summary>
    public int MaxTrialWindow { get; init; } = DefaultMaxTrialWindow;

    /// <summary>Largest handshake message buffered (RFC 8446 §4: uint24 length; we cap it, checked before buffering).</summary>
    public int MaxHandshakeMessageLength { get; init; } = DefaultMaxHandshakeMessageLength;

    /// <summary>Out-of-order bytes one TCP direction may buffer behind a hole (RFC 9293 §3.10.7.4 leaves it to us).</summary>
    public int MaxReassemblyBytes { get; init; } = DefaultMaxReassemblyBytes;

    /// <summary>TLS 1.3 client records buffered while the ServerHello is awaited (0-RTT data).</summary>
    public int MaxQueuedEarlyBytes { get; init; } = 1 << 20;
}
