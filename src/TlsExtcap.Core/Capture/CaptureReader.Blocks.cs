namespace TlsExtcap.Core.Capture;

/// <summary>Format-specific access for tools that rewrite captures (block copies, pcap header facts).</summary>
public sealed partial class CaptureReader
{
    /// <summary>For a pcap file, the link type of its file header (also when it holds no packet); null for pcapng.</summary>
    public LinkType? PcapLinkType => (_source as PcapRecordReader)?.LinkType;

    /// <summary>For a pcap file, the snap length of its file header; null for pcapng.</summary>
    public uint? PcapSnapLength => (_source as PcapRecordReader)?.SnapLength;

    /// <summary>For a pcap file, whether its timestamps carry nanoseconds; null for pcapng.</summary>
    public bool? PcapNanosecond => (_source as PcapRecordReader)?.IsNanosecond;

    /// <summary>
    /// pcapng only: reads the next block whole, whatever its type, so it can be copied byte for byte.
    /// Do not mix with <see cref="TryRead"/> on the same reader. False at a clean end of file.
    /// </summary>
    /// <exception cref="InvalidOperationException">The capture is not pcapng.</exception>
    /// <exception cref="CaptureFormatException">The bytes break the format or the file ends inside a block.</exception>
    public bool TryReadBlock(out PcapngBlock block)
    {
        if (_source is not PcapngBlockReader pcapng)
        {
            throw new InvalidOperationException("Whole blocks can be read from pcapng files only.");
        }

        return pcapng.TryReadRawBlock(out block);
    }
}
