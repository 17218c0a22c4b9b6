using TlsExtcap.Core.Capture;
using Xunit;

namespace TlsExtcap.Core.Tests.Capture;

public sealed class CaptureReaderPcapTests
{
    private static readonly byte[] First = [0x01, 0x02, 0x03];
    private static readonly byte[] Second = [0xAA, 0xBB, 0xCC, 0xDD, 0xEE];

    [Theory]
    [InlineData("little-endian µs", false, false, 123_456u, 123_456_000L)]
    [InlineData("big-endian µs", true, false, 123_456u, 123_456_000L)]
    [InlineData("little-endian ns", false, true, 123_456_789u, 123_456_789L)]
    [InlineData("big-endian ns", true, true, 123_456_789u, 123_456_789L)]
    public void TryRead_HandBuiltPcap_ReturnsPacketsWithConvertedTimestamps(string label, bool bigEndian, bool nanosecond, uint fraction, long fractionNanoseconds)
    {
        byte[] file = new PcapTestBuilder(bigEndian, nanosecond)
            .Packet(1_700_000_000, fraction, First, originalLength: 60)
            .Packet(1_700_000_001, 0, Second)
            .ToArray();

        using CaptureReader reader = CaptureReader.Open(new MemoryStream(file), label);
        Assert.Equal(CaptureFormat.Pcap, reader.Format);

        Assert.True(reader.TryRead(out CaptureRecord record));
        Assert.Equal(CaptureRecordKind.Packet, record.Kind);
        Assert.Equal(1, record.FrameNumber);
        Assert.Equal(LinkType.Ethernet, record.LinkType);
        Assert.Equal(0, record.InterfaceId);
        Assert.Equal((1_700_000_000L * 1_000_000_000L) + fractionNanoseconds, record.TimestampNanoseconds);
        Assert.Equal(60, record.OriginalLength);
        Assert.Equal(First, record.Data.ToArray());
        Assert.Empty(record.Comments);

        Assert.True(reader.TryRead(out record));
        Assert.Equal(2, record.FrameNumber);
        Assert.Equal(1_700_000_001L * 1_000_000_000L, record.TimestampNanoseconds);
        Assert.Equal(Second, record.Data.ToArray());
        Assert.Equal(Second.Length, record.OriginalLength);

        Assert.False(reader.TryRead(out _));
        Assert.False(reader.TryRead(out _));
    }

    [Theory]
    [InlineData("DLT_RAW 12", 12u, LinkType.Raw)]
    [InlineData("DLT_RAW 14", 14u, LinkType.Raw)]
    [InlineData("LINKTYPE_RAW", 101u, LinkType.Raw)]
    [InlineData("SLL", 113u, LinkType.LinuxSll)]
    [InlineData("FCS bits above the link type", 0x1000_0001u, LinkType.Ethernet)]
    public void TryRead_LinkTypeField_MapsToLinkType(string label, uint linkTypeField, LinkType expected)
    {
        _ = label;
        byte[] file = new PcapTestBuilder(false, false, linkTypeField).Packet(0, 0, First).ToArray();

        ReadRecord record = Assert.Single(ReadRecord.ReadAll(file));

        Assert.Equal(expected, record.LinkType);
    }

    [Fact]
    public void TryRead_EmptyPcap_ReturnsFalse()
    {
        byte[] file = new PcapTestBuilder(true, true).ToArray();

        Assert.Empty(ReadRecord.ReadAll(file));
    }

    [Theory]
    [InlineData("µs little-endian", false, false)]
    [InlineData("µs big-endian", true, false)]
    [InlineData("ns little-endian", false, true)]
    [InlineData("ns big-endian", true, true)]
    public void PcapWriter_RoundTrip_ReadsBackPackets(string label, bool bigEndian, bool nanosecond)
    {
        _ = label;
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, LinkType.LinuxSll2, nanosecond, bigEndian, leaveOpen: true))
        {
            writer.WritePacket(1_700_000_000_123_456_789L, First);
            writer.WritePacket(1_700_000_001_000_001_000L, Second, originalLength: 1500);
        }

        List<ReadRecord> records = ReadRecord.ReadAll(new MemoryStream(stream.ToArray()), "written");

        Assert.Equal(2, records.Count);
        Assert.Equal(LinkType.LinuxSll2, records[0].LinkType);
        Assert.Equal(nanosecond ? 1_700_000_000_123_456_789L : 1_700_000_000_123_456_000L, records[0].TimestampNanoseconds);
        Assert.Equal(First, records[0].Data);
        Assert.Equal(1_700_000_001_000_001_000L, records[1].TimestampNanoseconds);
        Assert.Equal(1500, records[1].OriginalLength);
        Assert.Equal(Second, records[1].Data);
    }

    [Fact]
    public void PcapWriter_LittleEndianMicroseconds_WritesLibpcapHeader()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, LinkType.Ethernet, leaveOpen: true))
        {
            writer.WritePacket(2_000_003_000L, [0xAB]);
        }

        Assert.Equal(
            "D4C3B2A1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "01000000"
            + "02000000" + "03000000" + "01000000" + "01000000" + "AB",
            Convert.ToHexString(stream.ToArray()));
    }
}
