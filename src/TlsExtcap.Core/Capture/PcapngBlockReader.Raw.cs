namespace TlsExtcap.Core.Capture;

/// <summary>Whole-block reading for faithful copies: every block is returned, decoded blocks with their record.</summary>
internal sealed partial class PcapngBlockReader
{
    /// <summary>
    /// Reads the next block of any type. Section, interface, packet and secrets blocks are decoded and
    /// checked exactly as by <see cref="TryRead"/>, so frame numbers and interface ids agree with it.
    /// </summary>
    public bool TryReadRawBlock(out PcapngBlock block)
    {
        if (!TryReadBlock(out PcapngBlockType type, out long offset, out int length))
        {
            block = default;
            return false;
        }

        ReadOnlySpan<byte> body = _block.Span.Slice(BlockHeaderLength, length - BlockFramingLength);
        CaptureRecord? record = null;
        switch (type)
        {
            case PcapngBlockType.SectionHeader:
                ReadSectionHeader(body, offset);
                break;
            case PcapngBlockType.InterfaceDescription:
                ReadInterfaceDescription(body, offset);
                break;
            case PcapngBlockType.EnhancedPacket:
                record = ReadEnhancedPacket(body, offset);
                break;
            case PcapngBlockType.ObsoletePacket:
                record = ReadObsoletePacket(body, offset);
                break;
            case PcapngBlockType.SimplePacket:
                record = ReadSimplePacket(body, offset);
                break;
            case PcapngBlockType.DecryptionSecrets:
                record = ReadDecryptionSecrets(body, offset);
                break;
        }

        block = new PcapngBlock(type, _block[..length], _bigEndian, record);
        return true;
    }
}
