using System.Buffers.Binary;

namespace TlsExtcap.Core.Tests.Capture;

/// <summary>Builds classic pcap bytes by hand in either byte order, independent of the writer under test.</summary>
internal sealed class PcapTestBuilder
{
    private readonly List<byte> _bytes = new();
    private readonly List<int> _recordEnds = new();
    private readonly bool _bigEndian;

    public PcapTestBuilder(bool bigEndian, bool nanosecond, uint linkType = 1, uint snapLength = 65535, ushort major = 2)
    {
        _bigEndian = bigEndian;
        U32(nanosecond ? 0xA1B23C4Du : 0xA1B2C3D4u);
        U16(major);
        U16(4);
        U32(0);
        U32(0);
        U32(snapLength);
        U32(linkType);
    }

    public IReadOnlyList<int> RecordEnds => _recordEnds;

    public PcapTestBuilder Packet(uint seconds, uint fraction, byte[] data, uint? originalLength = null, uint? capturedLength = null)
    {
        U32(seconds);
        U32(fraction);
        U32(capturedLength ?? (uint)data.Length);
        U32(originalLength ?? (uint)data.Length);
        _bytes.AddRange(data);
        _recordEnds.Add(_bytes.Count);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    private void U16(ushort value)
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

        _bytes.AddRange(b);
    }

    private void U32(uint value)
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

        _bytes.AddRange(b);
    }
}
