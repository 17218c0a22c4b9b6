namespace TlsExtcap.Core.Capture;

/// <summary>Container format of a capture file.</summary>
public enum CaptureFormat
{
    /// <summary>Classic libpcap format (draft-ietf-opsawg-pcap).</summary>
    Pcap,

    /// <summary>pcapng (draft-ietf-opsawg-pcapng).</summary>
    Pcapng,
}
