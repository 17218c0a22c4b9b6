namespace TlsExtcap.Core.Tls.Session;

/// <summary>Tunables of the TLS engine.</summary>
public sealed class TlsEngineOptions
{
    /// <summary>Compute SHA-256 of each direction's application data (the summary command needs it).</summary>
    public bool HashApplicationData { get; init; } = true;

    /// <summary>How many sequence numbers past the expected one trial decryption may try after a gap or failure.</summary>
    public int MaxTrialWindow { get; init; } = 64;

    /// <summary>Largest handshake message buffered (RFC 8446 §4: uint24 length; we cap it).</summary>
    public int MaxHandshakeMessageLength { get; init; } = 1 << 20;

    /// <summary>TLS 1.3 client records buffered while the ServerHello is awaited (0-RTT data).</summary>
    public int MaxQueuedEarlyBytes { get; init; } = 1 << 20;
}
