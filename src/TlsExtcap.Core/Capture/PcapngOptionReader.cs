using System.Buffers.Binary;

namespace TlsExtcap.Core.Capture;

/// <summary>
/// Walks a pcapng option list (pcapng §3.5) inside one block:
/// <code>
///   u16 option code | u16 option length | value (length bytes) | zero padding to 32 bits
/// </code>
/// ending at <c>opt_endofopt</c> (code 0) or at the end of the block body.
/// </summary>
internal ref struct PcapngOptionReader
{
    private const int OptionHeaderLength = 4;

    private readonly bool _bigEndian;
    private readonly CaptureInput _input;
    private readonly string _structure;
    private readonly long _blockOffset;
    private ReadOnlySpan<byte> _remaining;

    public PcapngOptionReader(ReadOnlySpan<byte> options, bool bigEndian, CaptureInput input, string structure, long blockOffset)
    {
        _remaining = options;
        _bigEndian = bigEndian;
        _input = input;
        _structure = structure;
        _blockOffset = blockOffset;
    }

    /// <summary>Moves to the next option; false at <c>opt_endofopt</c> or the end of the list.</summary>
    public bool TryReadNext(out PcapngOptionCode code, out ReadOnlySpan<byte> value)
    {
        code = PcapngOptionCode.EndOfOptions;
        value = default;
        if (_remaining.IsEmpty)
        {
            return false;
        }

        // pcapng §3.5: every option starts with a 4-byte code/length header.
        if (_remaining.Length < OptionHeaderLength)
        {
            throw _input.Error(CaptureFormatError.BadOption, _structure, _blockOffset, $"{_remaining.Length} stray bytes after the last option");
        }

        ushort rawCode = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_remaining) : BinaryPrimitives.ReadUInt16LittleEndian(_remaining);
        ushort length = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(_remaining[2..]);
        code = (PcapngOptionCode)rawCode;
        if (code == PcapngOptionCode.EndOfOptions)
        {
            _remaining = default;
            return false;
        }

        int padded = (length + 3) & ~3;

        // pcapng §3.5: the value and its padding lie inside the block.
        if (padded > _remaining.Length - OptionHeaderLength)
        {
            throw _input.Error(CaptureFormatError.BadOption, _structure, _blockOffset, $"option {rawCode} of length {length} overruns the block");
        }

        value = _remaining.Slice(OptionHeaderLength, length);
        _remaining = _remaining[(OptionHeaderLength + padded)..];
        return true;
    }
}
