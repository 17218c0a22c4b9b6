using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Handshake;

/// <summary>
/// Joins handshake bytes from consecutive records of one direction into whole messages
/// (RFC 8446 §5.1: messages may span records, and a record may carry several). RFC 8446 §4:
/// <code>
/// struct { HandshakeType msg_type; uint24 length; select (msg_type) { ... } body; } Handshake;
/// </code>
/// The length is checked against <see cref="MaxMessageLength"/> before anything is buffered.
/// </summary>
public sealed class HandshakeAssembler
{
    public const int HeaderSize = 4;

    private byte[] _buffer = [];
    private int _length;

    public HandshakeAssembler(int maxMessageLength = 1 << 20)
    {
        MaxMessageLength = maxMessageLength;
    }

    public int MaxMessageLength { get; }

    public int BufferedBytes => _length;

    public void Reset() => _length = 0;

    /// <summary>
    /// Appends handshake content and calls <paramref name="onMessage"/> with each complete message
    /// (header included). Throws <see cref="TlsDecodeException"/> for a message over the cap.
    /// </summary>
    public void Append(ReadOnlySpan<byte> content, HandshakeMessageHandler onMessage)
    {
        if (_length == 0)
        {
            int consumed = Drain(content, onMessage);
            Keep(content[consumed..]);
            return;
        }

        // Copy only what completes the held message; the messages after it are read in place (the
        // annotations map a message that lies whole in one record back to that record).
        int take = Math.Min(content.Length, BytesToCompleteMessage());
        Keep(content[..take]);
        int used = Drain(_buffer.AsSpan(0, _length), onMessage);
        if (used > 0)
        {
            _buffer.AsSpan(used, _length - used).CopyTo(_buffer);
            _length -= used;
        }

        if (take < content.Length)
        {
            Append(content[take..], onMessage);
        }
    }

    private int BytesToCompleteMessage()
    {
        if (_length < HeaderSize)
        {
            return HeaderSize - _length;
        }

        int length = (_buffer[1] << 16) | (_buffer[2] << 8) | _buffer[3];
        if (length > MaxMessageLength)
        {
            // Drain reports it.
            return int.MaxValue;
        }

        return Math.Max(1, HeaderSize + length - _length);
    }

    private int Drain(ReadOnlySpan<byte> data, HandshakeMessageHandler onMessage)
    {
        int offset = 0;
        while (data.Length - offset >= HeaderSize)
        {
            int length = (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];
            if (length > MaxMessageLength)
            {
                _length = 0;
                throw new TlsDecodeException(TlsDecodeError.LengthTooLarge, "Handshake",
                    $"{(HandshakeType)data[offset]} of {length} bytes exceeds {MaxMessageLength}");
            }

            if (data.Length - offset < HeaderSize + length)
            {
                break;
            }

            onMessage((HandshakeType)data[offset], data.Slice(offset, HeaderSize + length));
            offset += HeaderSize + length;
        }

        return offset;
    }

    private void Keep(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty)
        {
            return;
        }

        if (_length + rest.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_length + rest.Length, Math.Max(256, _buffer.Length * 2)));
        }

        rest.CopyTo(_buffer.AsSpan(_length));
        _length += rest.Length;
    }
}

/// <summary>Receives one complete handshake message, header included.</summary>
public delegate void HandshakeMessageHandler(HandshakeType type, ReadOnlySpan<byte> message);
