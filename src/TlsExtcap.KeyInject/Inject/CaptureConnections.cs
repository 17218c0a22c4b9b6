namespace TlsExtcap.KeyInject.Inject;

/// <summary>What the first pass over a capture learned: where each connection starts, and what it already holds.</summary>
internal sealed class CaptureConnections
{
    /// <summary>Client random (upper-case hex) → number of the frame that completed its first ClientHello.</summary>
    public Dictionary<string, long> ClientHelloFrames { get; } = new(StringComparer.Ordinal);

    /// <summary>RSA key-log identifier (first 8 bytes of the encrypted pre-master secret, hex) → client random (hex).</summary>
    public Dictionary<string, string> RsaIdentifiers { get; } = new(StringComparer.Ordinal);

    /// <summary>Key-log lines already carried by the capture's own Decryption Secrets Blocks.</summary>
    public HashSet<string> LinesPresent { get; } = new(StringComparer.Ordinal);

    /// <summary>Packets in the capture.</summary>
    public long Frames { get; set; }
}
