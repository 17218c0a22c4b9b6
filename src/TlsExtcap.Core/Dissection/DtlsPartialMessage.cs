namespace TlsExtcap.Core.Dissection;

/// <summary>
/// The fragments of one DTLS handshake message received so far (RFC 6347 §4.2.3): the message body is
/// filled in as fragments arrive, in any order, overlapping or repeated.
/// </summary>
internal sealed class DtlsPartialMessage
{
    private readonly bool[] _have;
    private int _missing;

    public DtlsPartialMessage(byte type, int length, int sequence)
    {
        Type = type;
        Sequence = sequence;
        Body = new byte[length];
        _have = new bool[length];
        _missing = length;
    }

    public byte Type { get; }

    public int Sequence { get; }

    public byte[] Body { get; }

    public bool Complete => _missing == 0;

    /// <summary>Copies a fragment in; false when it does not fit the message.</summary>
    public bool Add(int offset, ReadOnlySpan<byte> fragment)
    {
        if (offset < 0 || offset + fragment.Length > Body.Length)
        {
            return false;
        }

        for (int i = 0; i < fragment.Length; i++)
        {
            if (!_have[offset + i])
            {
                _have[offset + i] = true;
                Body[offset + i] = fragment[i];
                _missing--;
            }
        }

        return true;
    }

    /// <summary>The whole message as an unfragmented DTLS handshake message: 12-byte header, then the body.</summary>
    public byte[] ToMessage()
    {
        int length = Body.Length;
        byte[] message = new byte[12 + length];
        message[0] = Type;
        message[1] = message[9] = (byte)(length >> 16);
        message[2] = message[10] = (byte)(length >> 8);
        message[3] = message[11] = (byte)length;
        message[4] = (byte)(Sequence >> 8);
        message[5] = (byte)Sequence;
        Body.CopyTo(message.AsSpan(12));
        return message;
    }
}
