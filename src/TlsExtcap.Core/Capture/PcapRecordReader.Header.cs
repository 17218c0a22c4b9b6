namespace TlsExtcap.Core.Capture;

/// <summary>What the pcap file header says about every record, for converting a pcap file to pcapng.</summary>
internal sealed partial class PcapRecordReader
{
    /// <summary>Link type of every record of the file (pcap §4: one per file).</summary>
    public LinkType LinkType => _linkType;

    /// <summary>Snap length from the file header.</summary>
    public uint SnapLength => _snapLength;
}
