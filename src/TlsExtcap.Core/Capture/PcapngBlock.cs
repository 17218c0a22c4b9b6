namespace TlsExtcap.Core.Capture;

/// <summary>
/// One whole pcapng block as it lies in the file, for tools that copy blocks faithfully.
/// <see cref="Bytes"/> points into the reader's reusable buffer and is valid only until the next read.
/// </summary>
public readonly struct PcapngBlock
{
    public PcapngBlock(PcapngBlockType type, ReadOnlyMemory<byte> bytes, bool bigEndian, CaptureRecord? record)
    {
        Type = type;
        Bytes = bytes;
        BigEndian = bigEndian;
        Record = record;
    }

    /// <summary>Block type code (pcapng §11.1); types the reader does not know keep their code.</summary>
    public PcapngBlockType Type { get; }

    /// <summary>The block from its type code to its trailing total length, in the section's byte order.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Byte order of the section the block belongs to (for an SHB: of the section it starts).</summary>
    public bool BigEndian { get; }

    /// <summary>The packet or decryption secrets the block carries, decoded as <see cref="CaptureReader.TryRead"/> would; null for other blocks.</summary>
    public CaptureRecord? Record { get; }
}
