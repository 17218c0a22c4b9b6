using System.Buffers.Binary;

namespace TlsExtcap.Core.Tls.Wire;

/// <summary>
/// Strict reader over one TLS structure (RFC 8446 §3 presentation language). Every length-prefixed
/// vector is read through a bounded child reader, and every struct ends with <see cref="EnsureEnd"/>.
/// A failed read throws <see cref="TlsDecodeException"/> and does not advance.
/// </summary>
public ref struct TlsReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly string _structure;
    private int _position;

    public TlsReader(ReadOnlySpan<byte> buffer, string structure)
    {
        _buffer = buffer;
        _structure = structure;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool IsEmpty => _position >= _buffer.Length;

    public readonly ReadOnlySpan<byte> RemainingSpan => _buffer[_position..];

    public byte ReadUInt8()
    {
        Need(1);
        return _buffer[_position++];
    }

    public ushort ReadUInt16()
    {
        Need(2);
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(_buffer[_position..]);
        _position += 2;
        return value;
    }

    public int ReadUInt24()
    {
        Need(3);
        int value = (_buffer[_position] << 16) | (_buffer[_position + 1] << 8) | _buffer[_position + 2];
        _position += 3;
        return value;
    }

    public uint ReadUInt32()
    {
        Need(4);
        uint value = BinaryPrimitives.ReadUInt32BigEndian(_buffer[_position..]);
        _position += 4;
        return value;
    }

    public ulong ReadUInt48()
    {
        Need(6);
        ulong value = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(_buffer[_position..]) << 32)
            | BinaryPrimitives.ReadUInt32BigEndian(_buffer[(_position + 2)..]);
        _position += 6;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Need(count);
        ReadOnlySpan<byte> value = _buffer.Slice(_position, count);
        _position += count;
        return value;
    }

    /// <summary>Reads an opaque vector with a 1-byte length prefix.</summary>
    public TlsReader ReadVector8(string structure, int minLength = 0) => ReadVector(1, structure, minLength);

    /// <summary>Reads an opaque vector with a 2-byte length prefix.</summary>
    public TlsReader ReadVector16(string structure, int minLength = 0) => ReadVector(2, structure, minLength);

    /// <summary>Reads an opaque vector with a 3-byte length prefix.</summary>
    public TlsReader ReadVector24(string structure, int minLength = 0) => ReadVector(3, structure, minLength);

    /// <summary>Throws unless every byte of this structure was consumed.</summary>
    public readonly void EnsureEnd(string? structure = null)
    {
        if (_position != _buffer.Length)
        {
            throw new TlsDecodeException(TlsDecodeError.TrailingData, structure ?? _structure,
                $"{_buffer.Length - _position} bytes left");
        }
    }

    private TlsReader ReadVector(int prefix, string structure, int minLength)
    {
        Need(prefix);
        int length = prefix switch
        {
            1 => _buffer[_position],
            2 => BinaryPrimitives.ReadUInt16BigEndian(_buffer[_position..]),
            _ => (_buffer[_position] << 16) | (_buffer[_position + 1] << 8) | _buffer[_position + 2],
        };
        if (length > _buffer.Length - _position - prefix)
        {
            throw new TlsDecodeException(TlsDecodeError.Truncated, structure,
                $"vector of {length} bytes, {_buffer.Length - _position - prefix} available");
        }

        if (length < minLength)
        {
            throw new TlsDecodeException(TlsDecodeError.BadVectorLength, structure, $"{length} < {minLength}");
        }

        var child = new TlsReader(_buffer.Slice(_position + prefix, length), structure);
        _position += prefix + length;
        return child;
    }

    private readonly void Need(int count)
    {
        if (count > _buffer.Length - _position)
        {
            throw new TlsDecodeException(TlsDecodeError.Truncated, _structure,
                $"needs {count} bytes at offset {_position}, {_buffer.Length - _position} left");
        }
    }
}
