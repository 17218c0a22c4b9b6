using System.Buffers.Binary;
using System.Text;

namespace TlsExtcap.Core.Capture;

/// <summary>Decoders for the block bodies the reader understands.</summary>
internal sealed partial class PcapngBlockReader
{
    private const int BodyStart = 8;
    private const int EnhancedPacketFixedLength = 20;
    private const int ObsoletePacketFixedLength = 20;
    private const int SimplePacketFixedLength = 4;
    private const int DecryptionSecretsFixedLength = 8;
    private const int InterfaceDescriptionFixedLength = 8;
    private const int SectionHeaderFixedLength = 16;

    /// <summary>
    /// SHB body (pcapng §4.1): byte-order magic u32 | major u16 | minor u16 | section length i64 | options.
    /// </summary>
    private void ReadSectionHeader(ReadOnlySpan<byte> body, long offset)
    {
        string name = BlockName(PcapngBlockType.SectionHeader);
        ushort major = ReadUInt16(body[4..]);

        // pcapng §4.1: readers reject a major version they do not know (1 is current).
        if (major != 1)
        {
            throw _input.Error(CaptureFormatError.UnsupportedVersion, name, offset, $"major version {major}, expected 1");
        }

        SkipOptions(body[SectionHeaderFixedLength..], name, offset);

        // pcapng §4.2: interface ids are numbered from 0 within each section.
        _sectionInterfaceBase = _interfaces.Count;
    }

    /// <summary>
    /// IDB body (pcapng §4.2): link type u16 | reserved u16 | snap length u32 | options.
    /// </summary>
    private void ReadInterfaceDescription(ReadOnlySpan<byte> body, long offset)
    {
        string name = BlockName(PcapngBlockType.InterfaceDescription);
        RequireLength(body, InterfaceDescriptionFixedLength, name, offset);
        var linkType = (LinkType)ReadUInt16(body);
        uint snapLength = ReadUInt32(body[4..]);
        TimestampResolution resolution = TimestampResolution.Microseconds;
        long offsetSeconds = 0;

        var options = new PcapngOptionReader(body[InterfaceDescriptionFixedLength..], _bigEndian, _input, name, offset);
        while (options.TryReadNext(out PcapngOptionCode code, out ReadOnlySpan<byte> value))
        {
            switch (code)
            {
                case PcapngOptionCode.IfTsResol:
                    // pcapng §4.2: if_tsresol is one byte.
                    if (value.Length != 1 || !TimestampResolution.TryFromTsresol(value[0], out resolution))
                    {
                        throw _input.Error(CaptureFormatError.BadOption, name, offset, "if_tsresol is not a single byte with a representable unit");
                    }

                    break;
                case PcapngOptionCode.IfTsOffset:
                    // pcapng §4.2: if_tsoffset is a 64-bit signed number of seconds.
                    if (value.Length != 8)
                    {
                        throw _input.Error(CaptureFormatError.BadOption, name, offset, $"if_tsoffset has length {value.Length}, expected 8");
                    }

                    offsetSeconds = _bigEndian ? BinaryPrimitives.ReadInt64BigEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value);
                    break;
            }
        }

        _interfaces.Add(new PcapngInterface(linkType, snapLength, resolution, offsetSeconds));
    }

    /// <summary>
    /// EPB body (pcapng §4.3): interface id u32 | timestamp high u32 | timestamp low u32 |
    /// captured length u32 | original length u32 | packet data padded to 32 bits | options.
    /// </summary>
    private CaptureRecord ReadEnhancedPacket(ReadOnlySpan<byte> body, long offset)
    {
        string name = BlockName(PcapngBlockType.EnhancedPacket);
        RequireLength(body, EnhancedPacketFixedLength, name, offset);
        return ReadPacket(body, offset, name, ReadUInt32(body), EnhancedPacketFixedLength);
    }

    /// <summary>
    /// Obsolete PB body (pcapng appendix A): interface id u16 | drops count u16 | timestamp high u32 |
    /// timestamp low u32 | captured length u32 | original length u32 | packet data | options.
    /// </summary>
    private CaptureRecord ReadObsoletePacket(ReadOnlySpan<byte> body, long offset)
    {
        string name = BlockName(PcapngBlockType.ObsoletePacket);
        RequireLength(body, ObsoletePacketFixedLength, name, offset);
        return ReadPacket(body, offset, name, ReadUInt16(body), ObsoletePacketFixedLength);
    }

    private CaptureRecord ReadPacket(ReadOnlySpan<byte> body, long offset, string name, uint interfaceId, int fixedLength)
    {
        PcapngInterface description = ResolveInterface(interfaceId, name, offset, out int globalId);
        ulong ticks = ReadTimestamp(body[4..]);
        uint capturedLength = ReadUInt32(body[12..]);
        uint originalLength = ReadUInt32(body[16..]);
        long padded = (capturedLength + 3L) & ~3L;

        // pcapng §4.3: the packet data, padded to 32 bits, lies inside the block.
        if (padded > body.Length - fixedLength)
        {
            throw _input.Error(CaptureFormatError.BadBlockLength, name, offset, $"captured length {capturedLength} overruns the block body of {body.Length} bytes");
        }

        IReadOnlyList<string> comments = ReadComments(body[(fixedLength + (int)padded)..], name, offset);
        return new CaptureRecord
        {
            Kind = CaptureRecordKind.Packet,
            FrameNumber = ++_frameNumber,
            LinkType = description.LinkType,
            InterfaceId = globalId,
            TimestampNanoseconds = description.ToNanoseconds(ticks),
            OriginalLength = (int)Math.Min(originalLength, int.MaxValue),
            Data = _block.Slice(BodyStart + fixedLength, (int)capturedLength),
            Comments = comments,
        };
    }

    /// <summary>
    /// SPB body (pcapng §4.4): original length u32 | packet data padded to 32 bits. Always interface 0 of
    /// the section, no timestamp; the captured length is what the block holds, capped by the original length.
    /// </summary>
    private CaptureRecord ReadSimplePacket(ReadOnlySpan<byte> body, long offset)
    {
        string name = BlockName(PcapngBlockType.SimplePacket);
        RequireLength(body, SimplePacketFixedLength, name, offset);
        PcapngInterface description = ResolveInterface(0, name, offset, out int globalId);
        uint originalLength = ReadUInt32(body);
        int capturedLength = (int)Math.Min(originalLength, (uint)(body.Length - SimplePacketFixedLength));
        return new CaptureRecord
        {
            Kind = CaptureRecordKind.Packet,
            FrameNumber = ++_frameNumber,
            LinkType = description.LinkType,
            InterfaceId = globalId,
            TimestampNanoseconds = 0,
            OriginalLength = (int)Math.Min(originalLength, int.MaxValue),
            Data = _block.Slice(BodyStart + SimplePacketFixedLength, capturedLength),
            Comments = Array.Empty<string>(),
        };
    }

    /// <summary>
    /// DSB body (pcapng §4.7): secrets type u32 | secrets length u32 | secrets data padded to 32 bits | options.
    /// </summary>
    private CaptureRecord ReadDecryptionSecrets(ReadOnlySpan<byte> body, long offset)
    {
        string name = BlockName(PcapngBlockType.DecryptionSecrets);
        RequireLength(body, DecryptionSecretsFixedLength, name, offset);
        uint secretsType = ReadUInt32(body);
        uint secretsLength = ReadUInt32(body[4..]);
        long padded = (secretsLength + 3L) & ~3L;

        // pcapng §4.7: the secrets data, padded to 32 bits, lies inside the block.
        if (padded > body.Length - DecryptionSecretsFixedLength)
        {
            throw _input.Error(CaptureFormatError.BadBlockLength, name, offset, $"secrets length {secretsLength} overruns the block body of {body.Length} bytes");
        }

        IReadOnlyList<string> comments = ReadComments(body[(DecryptionSecretsFixedLength + (int)padded)..], name, offset);
        return new CaptureRecord
        {
            Kind = CaptureRecordKind.DecryptionSecrets,
            FrameNumber = _frameNumber,
            InterfaceId = -1,
            Data = _block.Slice(BodyStart + DecryptionSecretsFixedLength, (int)secretsLength),
            SecretsType = secretsType,
            Comments = comments,
        };
    }

    private PcapngInterface ResolveInterface(uint interfaceId, string name, long offset, out int globalId)
    {
        // pcapng §4.2: a packet refers to an IDB that precedes it in the same section.
        if (interfaceId >= (uint)(_interfaces.Count - _sectionInterfaceBase))
        {
            throw _input.Error(CaptureFormatError.UnknownInterface, name, offset, $"interface id {interfaceId} has no Interface Description Block in this section");
        }

        globalId = _sectionInterfaceBase + (int)interfaceId;
        return _interfaces[globalId];
    }

    private IReadOnlyList<string> ReadComments(ReadOnlySpan<byte> optionBytes, string name, long offset)
    {
        List<string>? comments = null;
        var options = new PcapngOptionReader(optionBytes, _bigEndian, _input, name, offset);
        while (options.TryReadNext(out PcapngOptionCode code, out ReadOnlySpan<byte> value))
        {
            // pcapng §3.5: opt_comment is UTF-8 text, not zero-terminated, and may repeat.
            if (code == PcapngOptionCode.Comment)
            {
                (comments ??= new List<string>()).Add(Encoding.UTF8.GetString(value));
            }
        }

        return comments is null ? Array.Empty<string>() : comments;
    }

    private void SkipOptions(ReadOnlySpan<byte> optionBytes, string name, long offset)
    {
        var options = new PcapngOptionReader(optionBytes, _bigEndian, _input, name, offset);
        while (options.TryReadNext(out _, out _))
        {
        }
    }

    private void RequireLength(ReadOnlySpan<byte> body, int fixedLength, string name, long offset)
    {
        if (body.Length < fixedLength)
        {
            throw _input.Error(CaptureFormatError.BadBlockLength, name, offset, $"block body of {body.Length} bytes is shorter than its {fixedLength} fixed bytes");
        }
    }
}
