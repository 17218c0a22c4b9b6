using System.Buffers.Binary;

namespace TlsExtcap.Core.Capture;

/// <summary>
/// Reads pcapng files block by block (draft-ietf-opsawg-pcapng), across sections of either byte order.
/// </summary>
/// <remarks>
/// <code>
/// General block structure (pcapng §3.1):
///   0  block type          u32
///   4  block total length  u32   (includes these 12 bytes of framing, multiple of 4)
///   8  block body          variable, padded to 32 bits
///  -4  block total length  u32   (repeated)
/// </code>
/// Each block is taken in place from the input (<see cref="CaptureInput.Take"/>); record data points into it until the next read.
/// </remarks>
internal sealed partial class PcapngBlockReader : ICaptureRecordSource
{
    /// <summary>Largest block accepted; Wireshark itself refuses blocks above 16 MiB.</summary>
    internal const int MaxBlockLength = 16 * 1024 * 1024;

    internal const uint ByteOrderMagic = 0x1A2B3C4D;

    private const int BlockHeaderLength = 8;
    private const int BlockFramingLength = 12;
    private const int MinSectionHeaderLength = 28;

    private readonly CaptureInput _input;
    private readonly List<PcapngInterface> _interfaces = new();
    /// <summary>The current block, framing included (valid until the next block is read).</summary>
    private ReadOnlyMemory<byte> _block;
    private bool _inSection;
    private bool _bigEndian;
    private int _sectionInterfaceBase;
    private long _frameNumber;

    public PcapngBlockReader(CaptureInput input)
    {
        _input = input;
    }

    public bool TryRead(out CaptureRecord record)
    {
        while (TryReadBlock(out PcapngBlockType type, out long offset, out int length))
        {
            ReadOnlySpan<byte> body = _block.Span.Slice(BlockHeaderLength, length - BlockFramingLength);
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
                    return true;
                case PcapngBlockType.ObsoletePacket:
                    record = ReadObsoletePacket(body, offset);
                    return true;
                case PcapngBlockType.SimplePacket:
                    record = ReadSimplePacket(body, offset);
                    return true;
                case PcapngBlockType.DecryptionSecrets:
                    record = ReadDecryptionSecrets(body, offset);
                    return true;
                default:
                    // pcapng §3.1: a reader skips blocks it does not understand.
                    break;
            }
        }

        record = default;
        return false;
    }

    /// <summary>
    /// Takes one whole block from the input into <see cref="_block"/>; false only when the file ends exactly at a block boundary.
    /// </summary>
    private bool TryReadBlock(out PcapngBlockType type, out long offset, out int length)
    {
        offset = _input.Position;
        type = default;
        length = 0;
        Span<byte> header = stackalloc byte[BlockFramingLength];
        int read = _input.Peek(header[..BlockHeaderLength]);
        if (read == 0)
        {
            return false;
        }

        if (read < BlockHeaderLength)
        {
            throw _input.Error(CaptureFormatError.Truncated, "pcapng block header", offset, $"file ends after {read} of {BlockHeaderLength} block header bytes");
        }

        // The SHB type code is a palindrome, so it reads the same in both byte orders.
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) == (uint)PcapngBlockType.SectionHeader)
        {
            read = _input.Peek(header);
            if (read < BlockFramingLength)
            {
                throw _input.Error(CaptureFormatError.Truncated, BlockName(PcapngBlockType.SectionHeader), offset, "file ends inside the byte-order magic");
            }

            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header[BlockHeaderLength..]);

            // pcapng §4.1: the byte-order magic 0x1A2B3C4D fixes the byte order of the whole section.
            if (magic == ByteOrderMagic)
            {
                _bigEndian = false;
            }
            else if (magic == BinaryPrimitives.ReverseEndianness(ByteOrderMagic))
            {
                _bigEndian = true;
            }
            else
            {
                throw _input.Error(CaptureFormatError.BadMagic, BlockName(PcapngBlockType.SectionHeader), offset, $"byte-order magic 0x{magic:x8} is not 0x1a2b3c4d in either byte order");
            }

            _inSection = true;
        }
        else if (!_inSection)
        {
            throw _input.Error(CaptureFormatError.MissingSectionHeader, "pcapng block", offset, "block precedes the first Section Header Block");
        }

        type = (PcapngBlockType)ReadUInt32(header);
        uint totalLength = ReadUInt32(header[4..]);
        string name = BlockName(type);

        // Bound the length before buffering anything the header claims.
        if (totalLength > MaxBlockLength)
        {
            throw _input.Error(CaptureFormatError.BlockTooLarge, name, offset, $"block total length {totalLength} exceeds the {MaxBlockLength}-byte limit");
        }

        // pcapng §3.1: block total length is a multiple of 4 and covers at least the 12 framing bytes.
        if (totalLength < BlockFramingLength || totalLength % 4 != 0)
        {
            throw _input.Error(CaptureFormatError.BadBlockLength, name, offset, $"block total length {totalLength} is not a multiple of 4 of at least {BlockFramingLength}");
        }

        // pcapng §4.1: an SHB holds at least its magic, version and section length.
        if (type == PcapngBlockType.SectionHeader && totalLength < MinSectionHeaderLength)
        {
            throw _input.Error(CaptureFormatError.BadBlockLength, name, offset, $"block total length {totalLength} is below the {MinSectionHeaderLength}-byte minimum");
        }

        length = (int)totalLength;
        _block = _input.Take(length);
        if (_block.Length < length)
        {
            throw _input.Error(CaptureFormatError.Truncated, name, offset, $"file ends after {_block.Length} of {length} block bytes");
        }

        // pcapng §3.1: the trailing block total length repeats the leading one.
        uint trailer = ReadUInt32(_block.Span[(length - 4)..]);
        if (trailer != totalLength)
        {
            throw _input.Error(CaptureFormatError.BadBlockLength, name, offset, $"trailing block length {trailer} differs from leading {totalLength}");
        }

        return true;
    }

    private static string BlockName(PcapngBlockType type) => type switch
    {
        PcapngBlockType.SectionHeader => "pcapng Section Header Block",
        PcapngBlockType.InterfaceDescription => "pcapng Interface Description Block",
        PcapngBlockType.EnhancedPacket => "pcapng Enhanced Packet Block",
        PcapngBlockType.SimplePacket => "pcapng Simple Packet Block",
        PcapngBlockType.ObsoletePacket => "pcapng Packet Block",
        PcapngBlockType.DecryptionSecrets => "pcapng Decryption Secrets Block",
        _ => "pcapng block",
    };

    private ushort ReadUInt16(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source);

    private uint ReadUInt32(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);

    private ulong ReadTimestamp(ReadOnlySpan<byte> source) =>
        ((ulong)ReadUInt32(source) << 32) | ReadUInt32(source[4..]);
}
