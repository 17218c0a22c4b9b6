namespace TlsExtcap.Core.Capture;

/// <summary>What a <see cref="CaptureRecord"/> carries.</summary>
public enum CaptureRecordKind
{
    /// <summary>A captured packet (pcap record, pcapng EPB, SPB or obsolete PB).</summary>
    Packet,

    /// <summary>A pcapng Decryption Secrets Block.</summary>
    DecryptionSecrets,
}
