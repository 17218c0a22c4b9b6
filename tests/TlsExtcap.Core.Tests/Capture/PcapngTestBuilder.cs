using System.Buffers.Binary;
using System.Text;

namespace TlsExtcap.Core.Tests.Capture;

/// <summary>
/// Builds pcapng bytes by hand, block by block, in the byte order of the current section, so tests do not
/// depend on the writer under test. Records where each block ends for truncation tests.
/// </summary>
internal sealed class PcapngTestBuilder
{
    private readonly List<byte> _bytes = new();
    private readonly List<int> _blockEnds = new();
    private readonly List<bool> _blockIsRecord = new();
    private bool _bigEndian;

    /// <summary>Offsets at which a block ends, with whether that block yields a record (packet or DSB).</summary>
    public IReadOnlyList<(int End, bool IsRecord)> Blocks =>
        _blockEnds.Select((end, i) => (end, _blockIsRecord[i])).ToList();

    public byte[] ToArray() => _bytes.ToArray();

    public PcapngTestBuilder Section(bool bigEndian, ushort major = 1)
    {
        _bigEndian = bigEndian;
        var body = new List<byte>();
        U32(body, 0x1A2B3C4D);
        U16(body, major);
        U16(body, 0);
        U32(body, 0xFFFFFFFF);
        U32(body, 0xFFFFFFFF);
        Option(body, 4, Encoding.UTF8.GetBytes("hand-built test"));
        EndOfOptions(body);
        return Block(0x0A0D0D0A, body, isRecord: false);
    }

    public PcapngTestBuilder Interface(ushort linkType, uint snapLength = 0, byte? tsresol = null, long? tsoffset = null)
    {
        var body = new List<byte>();
        U16(body, linkType);
        U16(body, 0);
        U32(body, snapLength);
        Option(body, 2, Encoding.UTF8.GetBytes("eth0"));
        if (tsresol is byte r)
        {
            Option(body, 9, [r]);
        }

        if (tsoffset is long offset)
        {
            var value = new byte[8];
            if (_bigEndian)
            {
                BinaryPrimitives.WriteInt64BigEndian(value, offset);
            }
            else
            {
                BinaryPrimitives.WriteInt64LittleEndian(value, offset);
            }

            Option(body, 14, value);
        }

        EndOfOptions(body);
        return Block(1, body, isRecord: false);
    }

    public PcapngTestBuilder Enhanced(uint interfaceId, ulong ticks, byte[] data, uint? originalLength = null, params string[] comments)
    {
        var body = new List<byte>();
        U32(body, interfaceId);
        U32(body, (uint)(ticks >> 32));
        U32(body, (uint)ticks);
        U32(body, (uint)data.Length);
        U32(body, originalLength ?? (uint)data.Length);
        Padded(body, data);
        foreach (string comment in comments)
        {
            Option(body, 1, Encoding.UTF8.GetBytes(comment));
        }

        Option(body, 2, [1, 0, 0, 0]); // epb_flags, ignored by the reader
        EndOfOptions(body);
        return Block(6, body, isRecord: true);
    }

    public PcapngTestBuilder Simple(byte[] data, uint originalLength)
    {
        var body = new List<byte>();
        U32(body, originalLength);
        Padded(body, data);
        return Block(3, body, isRecord: true);
    }

    public PcapngTestBuilder Obsolete(ushort interfaceId, ulong ticks, byte[] data)
    {
        var body = new List<byte>();
        U16(body, interfaceId);
        U16(body, 0);
        U32(body, (uint)(ticks >> 32));
        U32(body, (uint)ticks);
        U32(body, (uint)data.Length);
        U32(body, (uint)data.Length);
        Padded(body, data);
        return Block(2, body, isRecord: true);
    }

    public PcapngTestBuilder Secrets(uint secretsType, byte[] data)
    {
        var body = new List<byte>();
        U32(body, secretsType);
        U32(body, (uint)data.Length);
        Padded(body, data);
        return Block(0x0A, body, isRecord: true);
    }

    /// <summary>Any block type with an opaque body, e.g. a custom or statistics block the reader must skip.</summary>
    public PcapngTestBuilder Other(uint type, byte[] body)
    {
        var list = new List<byte>();
        Padded(list, body);
        return Block(type, list, isRecord: false);
    }

    private PcapngTestBuilder Block(uint type, List<byte> body, bool isRecord)
    {
        uint total = (uint)(body.Count + 12);
        var header = new List<byte>();
        U32(header, type);
        U32(header, total);
        _bytes.AddRange(header);
        _bytes.AddRange(body);
        var trailer = new List<byte>();
        U32(trailer, total);
        _bytes.AddRange(trailer);
        _blockEnds.Add(_bytes.Count);
        _blockIsRecord.Add(isRecord);
        return this;
    }

    private void Option(List<byte> body, ushort code, byte[] value)
    {
        U16(body, code);
        U16(body, (ushort)value.Length);
        Padded(body, value);
    }

    private void EndOfOptions(List<byte> body) => U32(body, 0);

    private static void Padded(List<byte> body, byte[] data)
    {
        body.AddRange(data);
        body.AddRange(new byte[(4 - (data.Length % 4)) % 4]);
    }

    private void U16(List<byte> body, ushort value)
    {
        var b = new byte[2];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        }

        body.AddRange(b);
    }

    private void U32(List<byte> body, uint value)
    {
        var b = new byte[4];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        }

        body.AddRange(b);
    }
}
