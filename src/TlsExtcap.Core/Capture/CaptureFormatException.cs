namespace TlsExtcap.Core.Capture;

/// <summary>
/// Thrown when capture file bytes break the pcap or pcapng format. <see cref="Reason"/> says what is
/// wrong, <see cref="Structure"/> names the header or block and <see cref="Offset"/> is the byte offset
/// of that structure in the (decompressed) file.
/// </summary>
public sealed class CaptureFormatException : Exception
{
    public CaptureFormatException(CaptureFormatError reason, string structure, long offset, string detail)
        : base($"{structure} at offset {offset}: {detail} ({reason}).")
    {
        Reason = reason;
        Structure = structure;
        Offset = offset;
    }

    public CaptureFormatException(CaptureFormatError reason, string structure, long offset, string detail, Exception innerException)
        : base($"{structure} at offset {offset}: {detail} ({reason}).", innerException)
    {
        Reason = reason;
        Structure = structure;
        Offset = offset;
    }

    /// <summary>What is wrong.</summary>
    public CaptureFormatError Reason { get; }

    /// <summary>The header or block being read, e.g. "pcapng Enhanced Packet Block".</summary>
    public string Structure { get; }

    /// <summary>Byte offset of <see cref="Structure"/> in the file (after gzip decompression).</summary>
    public long Offset { get; }
}
