using System.Buffers.Binary;
using TlsExtcap.Core.Tls;

namespace TlsExtcap.Core.Dissection;

/// <summary>
/// Reads one TLS structure field by field and adds a node for each field to <see cref="Parent"/>. Like
/// <see cref="Tls.Wire.TlsReader"/>: every length-prefixed vector gets a bounded child reader, a structure
/// ends with <see cref="EnsureEnd"/>, and a read past the end throws <see cref="TlsDecodeException"/>
/// without adding a node or advancing.
/// </summary>
public ref struct FieldReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _base;
    private readonly string _structure;
    private int _position;

    /// <summary>A reader over <paramref name="length"/> bytes of <paramref name="parent"/>'s source from <paramref name="offset"/>.</summary>
    public FieldReader(AnnotationNode parent, int offset, int length, string structure)
    {
        Parent = parent;
        _data = parent.Source.Bytes.Span.Slice(offset, length);
        _base = offset;
        _structure = structure;
        _position = 0;
    }

    /// <summary>A reader over exactly the bytes of <paramref name="node"/>, adding children to it.</summary>
    public static FieldReader Over(AnnotationNode node, string structure) => new(node, node.Offset, node.Length, structure);

    /// <summary>The node that read fields are added to.</summary>
    public AnnotationNode Parent { get; }

    public readonly DataSource Source => Parent.Source;

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool IsEmpty => _position >= _data.Length;

    /// <summary>Offset of the next byte in <see cref="Source"/>.</summary>
    public readonly int SourceOffset => _base + _position;

    public readonly ReadOnlySpan<byte> RemainingSpan => _data[_position..];

    public readonly string Structure => _structure;

    public readonly ReadOnlySpan<byte> Peek(int count)
    {
        Need(count);
        return _data.Slice(_position, count);
    }

    /// <summary>A node over the next <paramref name="length"/> bytes.</summary>
    public AnnotationNode Field(string name, int length, string? value = null, string? text = null)
    {
        Need(length);
        var node = Parent.Add(name, SourceOffset, length, value, text);
        _position += length;
        return node;
    }

    /// <summary>A node over every byte left.</summary>
    public AnnotationNode Rest(string name, string? value = null, string? text = null) => Field(name, Remaining, value, text);

    public byte UInt8(string name, out AnnotationNode node)
    {
        Need(1);
        byte value = _data[_position];
        node = Field(name, 1, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return value;
    }

    public ushort UInt16(string name, out AnnotationNode node)
    {
        Need(2);
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]);
        node = Field(name, 2, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return value;
    }

    public int UInt24(string name, out AnnotationNode node)
    {
        Need(3);
        int value = (_data[_position] << 16) | (_data[_position + 1] << 8) | _data[_position + 2];
        node = Field(name, 3, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return value;
    }

    public uint UInt32(string name, out AnnotationNode node)
    {
        Need(4);
        uint value = BinaryPrimitives.ReadUInt32BigEndian(_data[_position..]);
        node = Field(name, 4, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return value;
    }

    public ulong UInt48(string name, out AnnotationNode node)
    {
        Need(6);
        ulong value = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]) << 32)
            | BinaryPrimitives.ReadUInt32BigEndian(_data[(_position + 2)..]);
        node = Field(name, 6, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return value;
    }

    /// <summary>
    /// A vector with a <paramref name="prefixLength"/>-byte length (RFC 8446 §3.4): a node over the length and
    /// the contents, holding a "length" child; returns a reader over the contents that adds to that node.
    /// </summary>
    public FieldReader Vector(int prefixLength, string name, out AnnotationNode node, string? text = null,
        int minLength = 0, int maxLength = int.MaxValue, string? lengthText = null)
    {
        Need(prefixLength);
        int length = 0;
        for (int i = 0; i < prefixLength; i++)
        {
            length = (length << 8) | _data[_position + i];
        }

        if (length > Remaining - prefixLength)
        {
            throw new TlsDecodeException(TlsDecodeError.Truncated, name, $"vector of {length} bytes, {Remaining - prefixLength} available");
        }

        if (length < minLength || length > maxLength)
        {
            throw new TlsDecodeException(TlsDecodeError.BadVectorLength, name, $"length {length} outside {minLength}..{maxLength}");
        }

        node = Parent.Add(name, SourceOffset, prefixLength + length, null, text);
        node.Add("length", SourceOffset, prefixLength, Bytes(length), lengthText);
        var child = new FieldReader(node, SourceOffset + prefixLength, length, name);
        _position += prefixLength + length;
        return child;
    }

    /// <summary>A node over the next <paramref name="length"/> bytes and a reader that adds its fields to it.</summary>
    public FieldReader Struct(string name, int length, out AnnotationNode node, string? value = null, string? text = null)
    {
        node = Field(name, length, value, text);
        return Over(node, name);
    }

    /// <summary>Throws unless every byte was read (RFC 8446 §3: structures have no slack).</summary>
    public readonly void EnsureEnd()
    {
        if (_position != _data.Length)
        {
            throw new TlsDecodeException(TlsDecodeError.TrailingData, _structure, $"{_data.Length - _position} bytes left");
        }
    }

    /// <summary>"1 byte", "344 bytes".</summary>
    public static string Bytes(long count) => count == 1 ? "1 byte" : $"{count} bytes";

    private readonly void Need(int count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw new TlsDecodeException(TlsDecodeError.Truncated, _structure, $"needs {count} bytes at offset {_position}, {_data.Length - _position} left");
        }
    }
}
