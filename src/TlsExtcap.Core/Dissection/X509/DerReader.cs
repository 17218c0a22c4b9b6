namespace TlsExtcap.Core.Dissection.X509;

/// <summary>
/// A strict DER reader over one constructed value's content (ITU-T X.690): single-byte tags, definite
/// lengths of at most 4 length bytes (X.690 §10.1), every element inside its container. Offsets are in the
/// underlying buffer. A failed read throws <see cref="DerDecodeException"/> and does not advance.
/// </summary>
public ref struct DerReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _end;
    private readonly string _structure;
    private int _position;

    public DerReader(ReadOnlySpan<byte> buffer, int offset, int end, string structure)
    {
        _buffer = buffer;
        _position = offset;
        _end = end;
        _structure = structure;
    }

    public readonly bool IsEmpty => _position >= _end;

    public readonly int Position => _position;

    public readonly int Remaining => _end - _position;

    /// <summary>Reads the header of the next element without moving.</summary>
    public readonly DerElement Peek()
    {
        if (_position >= _end)
        {
            throw new DerDecodeException(DerDecodeError.Truncated, _structure, "no element left");
        }

        int tag = _buffer[_position];
        if ((tag & 0x1f) == 0x1f)
        {
            // X.690 §8.1.2.4: high tag numbers do not occur in X.509.
            throw new DerDecodeException(DerDecodeError.UnexpectedTag, _structure, "multi-byte tag");
        }

        if (_position + 1 >= _end)
        {
            throw new DerDecodeException(DerDecodeError.Truncated, _structure, "no length byte");
        }

        int first = _buffer[_position + 1];
        int header = 2;
        long length;
        if (first < 0x80)
        {
            length = first;
        }
        else
        {
            int count = first & 0x7f;
            if (count == 0 || count > 4)
            {
                // X.690 §10.1: DER uses the definite form; 0x80 is the indefinite length.
                throw new DerDecodeException(DerDecodeError.BadLength, _structure, count == 0 ? "indefinite length" : $"{count} length bytes");
            }

            if (_position + 2 + count > _end)
            {
                throw new DerDecodeException(DerDecodeError.Truncated, _structure, "length bytes cut");
            }

            length = 0;
            for (int i = 0; i < count; i++)
            {
                length = (length << 8) | _buffer[_position + 2 + i];
            }

            header += count;
        }

        if (length > _end - _position - header)
        {
            throw new DerDecodeException(DerDecodeError.Truncated, _structure, $"element of {length} bytes, {_end - _position - header} left");
        }

        return new DerElement(_position, tag, header, (int)length);
    }

    /// <summary>Reads the next element and moves past it.</summary>
    public DerElement Read()
    {
        var element = Peek();
        _position = element.End;
        return element;
    }

    /// <summary>Reads the next element, which must have <paramref name="tag"/>.</summary>
    public DerElement Read(int tag, string what)
    {
        var element = Peek();
        if (element.Tag != tag)
        {
            throw new DerDecodeException(DerDecodeError.UnexpectedTag, what, $"tag 0x{element.Tag:x2}, expected 0x{tag:x2}");
        }

        _position = element.End;
        return element;
    }

    /// <summary>A reader over a constructed element's content.</summary>
    public readonly DerReader Enter(DerElement element, string structure) =>
        new(_buffer, element.ContentOffset, element.End, structure);

    public readonly ReadOnlySpan<byte> Content(DerElement element) => _buffer.Slice(element.ContentOffset, element.ContentLength);
}
