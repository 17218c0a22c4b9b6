using System.Buffers.Binary;

namespace TlsExtcap.Core.Capture;

/// <summary>
/// Reads classic pcap files (draft-ietf-opsawg-pcap): either byte order, microsecond or nanosecond magic.
/// </summary>
/// <remarks>
/// <code>
/// File header (24 bytes):               Packet record header (16 bytes):
///   0  magic number        u32            0  timestamp seconds          u32
///   4  major version (2)   u16            4  timestamp µs or ns         u32
///   6  minor version (4)   u16            8  captured packet length     u32
///   8  reserved1           u32           12  original packet length     u32
///  12  reserved2           u32           16  packet data (captured length bytes)
///  16  snap length         u32
///  20  link type + FCS     u32
/// </code>
/// </remarks>
internal sealed partial class PcapRecordReader : ICaptureRecordSource
{
    internal const uint MicrosecondMagic = 0xA1B2C3D4;
    internal const uint NanosecondMagic = 0xA1B23C4D;
    internal const int FileHeaderLength = 24;
    internal const int RecordHeaderLength = 16;

    /// <summary>Largest captured length accepted (Wireshark's maximum snapshot length).</summary>
    internal const int MaxCapturedLength = 256 * 1024;

    private const string FileHeaderName = "pcap file header";
    private const string RecordName = "pcap packet record";
    private const int SnapLengthOffset = 16;
    private const int LinkTypeOffset = 20;

    private readonly CaptureInput _input;
    private readonly bool _bigEndian;
    private readonly bool _nanosecond;
    private readonly uint _snapLength;
    private readonly LinkType _linkType;
    private long _frameNumber;

    /// <summary>Reads and validates the file header; the format was already sniffed from the magic.</summary>
    public PcapRecordReader(CaptureInput input)
    {
        _input = input;
        Span<byte> header = stackalloc byte[FileHeaderLength];
        int read = input.ReadAtMost(header);
        if (read < FileHeaderLength)
        {
            throw input.Error(CaptureFormatError.Truncated, FileHeaderName, 0, $"file ends after {read} of {FileHeaderLength} header bytes");
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        switch (magic)
        {
            case MicrosecondMagic: break;
            case NanosecondMagic: _nanosecond = true; break;
            default:
                magic = BinaryPrimitives.ReverseEndianness(magic);
                _bigEndian = true;
                if (magic == NanosecondMagic)
                {
                    _nanosecond = true;
                }
                else if (magic != MicrosecondMagic)
                {
                    throw input.Error(CaptureFormatError.BadMagic, FileHeaderName, 0, $"magic 0x{magic:x8} is not a pcap magic");
                }

                break;
        }

        ushort major = ReadUInt16(header[4..]);

        // pcap §4: the major version is 2 (version 1 files predate the current record header).
        if (major != 2)
        {
            throw input.Error(CaptureFormatError.UnsupportedVersion, FileHeaderName, 0, $"major version {major}, expected 2");
        }

        _snapLength = ReadUInt32(header[SnapLengthOffset..]);

        // pcap §4: LinkType and additional information — link type in the low 16 bits, FCS info above.
        uint linkType = ReadUInt32(header[LinkTypeOffset..]) & 0xFFFF;
        _linkType = MapLinkType(linkType);
    }

    public bool IsBigEndian => _bigEndian;

    public bool IsNanosecond => _nanosecond;

    public bool TryRead(out CaptureRecord record)
    {
        record = default;
        long offset = _input.Position;
        Span<byte> header = stackalloc byte[RecordHeaderLength];
        int read = _input.ReadAtMost(header);
        if (read == 0)
        {
            return false;
        }

        if (read < RecordHeaderLength)
        {
            throw _input.Error(CaptureFormatError.Truncated, RecordName, offset, $"file ends after {read} of {RecordHeaderLength} record header bytes");
        }

        uint seconds = ReadUInt32(header);
        uint fraction = ReadUInt32(header[4..]);
        uint capturedLength = ReadUInt32(header[8..]);
        uint originalLength = ReadUInt32(header[12..]);

        // Bound the length before buffering: never allocate what a corrupt header claims.
        if (capturedLength > MaxCapturedLength)
        {
            throw _input.Error(CaptureFormatError.BlockTooLarge, RecordName, offset, $"captured length {capturedLength} exceeds the {MaxCapturedLength}-byte limit");
        }

        // pcap §5: captured length never exceeds the snap length of the file (when the snap length is sane).
        if (_snapLength != 0 && _snapLength <= MaxCapturedLength && capturedLength > _snapLength)
        {
            throw _input.Error(CaptureFormatError.SnapLengthExceeded, RecordName, offset, $"captured length {capturedLength} exceeds snap length {_snapLength}");
        }

        int length = (int)capturedLength;
        var data = _input.Take(length);
        if (data.Length < length)
        {
            throw _input.Error(CaptureFormatError.Truncated, RecordName, offset, $"file ends after {data.Length} of {length} packet bytes");
        }

        long fractionNanoseconds = _nanosecond ? fraction : fraction * 1000L;
        record = new CaptureRecord
        {
            Kind = CaptureRecordKind.Packet,
            FrameNumber = ++_frameNumber,
            LinkType = _linkType,
            InterfaceId = 0,
            TimestampNanoseconds = (seconds * 1_000_000_000L) + fractionNanoseconds,
            OriginalLength = (int)Math.Min(originalLength, int.MaxValue),
            Data = data,
            Comments = Array.Empty<string>(),
        };
        return true;
    }

    /// <summary>Maps a pcap header link type to <see cref="LinkType"/>; DLT_RAW is 12 or 14 on some systems.</summary>
    internal static LinkType MapLinkType(uint value) => value switch
    {
        12 or 14 => LinkType.Raw,
        _ => (LinkType)value,
    };

    private ushort ReadUInt16(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source);

    private uint ReadUInt32(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);
}
