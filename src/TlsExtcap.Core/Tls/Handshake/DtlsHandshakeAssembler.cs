using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Handshake;

/// <summary>
/// Reassembles DTLS handshake fragments by message_seq and hands out messages in order. RFC 6347 §4.2.2:
/// <code>
/// struct { HandshakeType msg_type; uint24 length; uint16 message_seq; uint24 fragment_offset;
///          uint24 fragment_length; body } Handshake;
/// </code>
/// Messages are delivered in the TLS form (type, length, body) that the transcript and parsers use.
/// Retransmitted messages (message_seq already delivered) are dropped.
/// </summary>
public sealed class DtlsHandshakeAssembler
{
    public const int HeaderSize = 12;
    private const int MaxPendingMessages = 32;

    private readonly Dictionary<int, PendingMessage> _pending = [];
    private readonly int _maxMessageLength;
    private int _nextSequence;

    public DtlsHandshakeAssembler(int maxMessageLength = 1 << 20)
    {
        _maxMessageLength = maxMessageLength;
    }

    /// <summary>Decodes every handshake fragment in one record's content.</summary>
    public void Append(ReadOnlySpan<byte> content, HandshakeMessageHandler onMessage)
    {
        var reader = new TlsReader(content, "DTLSHandshake");
        while (!reader.IsEmpty)
        {
            var type = (HandshakeType)reader.ReadUInt8();
            int length = reader.ReadUInt24();
            int messageSeq = reader.ReadUInt16();
            int fragmentOffset = reader.ReadUInt24();
            int fragmentLength = reader.ReadUInt24();
            var fragment = reader.ReadBytes(fragmentLength);
            // RFC 6347 §4.2.3: the fragment lies within the message.
            if (length > _maxMessageLength)
            {
                throw new TlsDecodeException(TlsDecodeError.LengthTooLarge, "DTLSHandshake", $"{length} bytes");
            }

            if ((long)fragmentOffset + fragmentLength > length)
            {
                throw new TlsDecodeException(TlsDecodeError.IllegalValue, "DTLSHandshake", "fragment beyond message");
            }

            // RFC 6347 §4.2.2: a message_seq already delivered is a retransmission (the ClientHello after
            // a HelloVerifyRequest has the next message_seq, so it is not one).
            if (messageSeq < _nextSequence)
            {
                continue;
            }

            if (!_pending.TryGetValue(messageSeq, out var message))
            {
                if (_pending.Count >= MaxPendingMessages)
                {
                    continue;
                }

                message = new PendingMessage(type, length);
                _pending[messageSeq] = message;
            }

            if (message.Length != length || message.Type != type)
            {
                continue;
            }

            message.Add(fragmentOffset, fragment);
            while (_pending.TryGetValue(_nextSequence, out var next) && next.IsComplete)
            {
                _pending.Remove(_nextSequence);
                _nextSequence++;
                onMessage(next.Type, next.Bytes);
            }
        }
    }

    private sealed class PendingMessage
    {
        private readonly bool[] _have;
        private int _received;

        public PendingMessage(HandshakeType type, int length)
        {
            Type = type;
            Length = length;
            Bytes = new byte[HandshakeAssembler.HeaderSize + length];
            Bytes[0] = (byte)type;
            Bytes[1] = (byte)(length >> 16);
            Bytes[2] = (byte)(length >> 8);
            Bytes[3] = (byte)length;
            _have = new bool[length];
        }

        public HandshakeType Type { get; }

        public int Length { get; }

        public byte[] Bytes { get; }

        public bool IsComplete => _received == Length;

        public void Add(int offset, ReadOnlySpan<byte> fragment)
        {
            fragment.CopyTo(Bytes.AsSpan(HandshakeAssembler.HeaderSize + offset));
            for (int i = 0; i < fragment.Length; i++)
            {
                if (!_have[offset + i])
                {
                    _have[offset + i] = true;
                    _received++;
                }
            }
        }
    }
}
