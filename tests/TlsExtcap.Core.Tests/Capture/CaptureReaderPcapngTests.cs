using System.Text;
using TlsExtcap.Core.Capture;
using Xunit;

namespace TlsExtcap.Core.Tests.Capture;

public sealed class CaptureReaderPcapngTests
{
    private const uint TlsKeyLog = 0x544C534B;
    private static readonly byte[] EthernetFrame = [0x10, 0x11, 0x12, 0x13, 0x14];
    private static readonly byte[] RawFrame = [0x45, 0x00, 0x00, 0x14];
    private static readonly byte[] SimpleFrame = [0x20, 0x21, 0x22, 0x23, 0x24, 0x25];
    private static readonly byte[] SllFrame = [0x30];
    private static readonly byte[] KeyLog = Encoding.ASCII.GetBytes("CLIENT_RANDOM 00 11\n");

    /// <summary>Two sections (second one in the other byte order), three interfaces, every packet block kind.</summary>
    private static byte[] BuildTwoSections(bool firstBigEndian) => new PcapngTestBuilder()
        .Section(firstBigEndian)
        .Interface(1, snapLength: 262144, tsresol: 6)
        .Interface(101, tsresol: 9)
        .Secrets(TlsKeyLog, KeyLog)
        .Enhanced(0, 1_700_000_000_123_456UL, EthernetFrame, 64, "first comment", "zweiter Kommentar é")
        .Other(0x00000BAD, [0x00, 0x00, 0x7F, 0xFF, 0x01, 0x02])
        .Other(0x00000005, new byte[16])
        .Enhanced(1, 1_700_000_000_987_654_321UL, RawFrame)
        .Simple(SimpleFrame, originalLength: 5)
        .Obsolete(1, 1_000_000_000UL, RawFrame)
        .Section(!firstBigEndian)
        .Interface(113, tsresol: 0x8A)
        .Enhanced(0, (1_700_000_000UL * 1024) + 512, SllFrame)
        .ToArray();

    [Theory]
    [InlineData("little-endian then big-endian", false)]
    [InlineData("big-endian then little-endian", true)]
    public void TryRead_TwoSectionsAllBlockKinds_ReturnsRecordsInOrder(string label, bool firstBigEndian)
    {
        _ = label;
        using CaptureReader reader = CaptureReader.Open(new MemoryStream(BuildTwoSections(firstBigEndian)), "two sections");
        Assert.Equal(CaptureFormat.Pcapng, reader.Format);
        var records = new List<ReadRecord>();
        while (reader.TryRead(out CaptureRecord record))
        {
            records.Add(ReadRecord.From(record));
        }

        Assert.Equal(6, records.Count);

        ReadRecord secrets = records[0];
        Assert.Equal(CaptureRecordKind.DecryptionSecrets, secrets.Kind);
        Assert.Equal(TlsKeyLog, secrets.SecretsType);
        Assert.Equal(KeyLog, secrets.Data);
        Assert.Equal(0, secrets.FrameNumber);

        ReadRecord enhanced = records[1];
        Assert.Equal(CaptureRecordKind.Packet, enhanced.Kind);
        Assert.Equal(1, enhanced.FrameNumber);
        Assert.Equal(LinkType.Ethernet, enhanced.LinkType);
        Assert.Equal(0, enhanced.InterfaceId);
        Assert.Equal(1_700_000_000_123_456_000L, enhanced.TimestampNanoseconds);
        Assert.Equal(64, enhanced.OriginalLength);
        Assert.Equal(EthernetFrame, enhanced.Data);
        Assert.Equal(["first comment", "zweiter Kommentar é"], enhanced.Comments);

        ReadRecord raw = records[2];
        Assert.Equal(2, raw.FrameNumber);
        Assert.Equal(LinkType.Raw, raw.LinkType);
        Assert.Equal(1, raw.InterfaceId);
        Assert.Equal(1_700_000_000_987_654_321L, raw.TimestampNanoseconds);
        Assert.Equal(RawFrame, raw.Data);
        Assert.Empty(raw.Comments);

        ReadRecord simple = records[3];
        Assert.Equal(3, simple.FrameNumber);
        Assert.Equal(0, simple.InterfaceId);
        Assert.Equal(LinkType.Ethernet, simple.LinkType);
        Assert.Equal(5, simple.OriginalLength);
        Assert.Equal(SimpleFrame[..5], simple.Data);

        ReadRecord obsolete = records[4];
        Assert.Equal(4, obsolete.FrameNumber);
        Assert.Equal(1, obsolete.InterfaceId);
        Assert.Equal(1_000_000_000L, obsolete.TimestampNanoseconds);
        Assert.Equal(RawFrame, obsolete.Data);

        ReadRecord secondSection = records[5];
        Assert.Equal(5, secondSection.FrameNumber);
        Assert.Equal(2, secondSection.InterfaceId);
        Assert.Equal(LinkType.LinuxSll, secondSection.LinkType);
        Assert.Equal(1_700_000_000_500_000_000L, secondSection.TimestampNanoseconds);
        Assert.Equal(SllFrame, secondSection.Data);
    }

    [Theory]
    [InlineData("default µs", null, 1_234_567UL, 1_234_567_000L)]
    [InlineData("10^-3", (byte)3, 1_234UL, 1_234_000_000L)]
    [InlineData("10^-6", (byte)6, 1_234_567UL, 1_234_567_000L)]
    [InlineData("10^-9", (byte)9, 1_234_567_891UL, 1_234_567_891L)]
    [InlineData("10^-12", (byte)12, 1_234_567_891_234UL, 1_234_567_891L)]
    [InlineData("2^-10", (byte)0x8A, 3072UL, 3_000_000_000L)]
    [InlineData("2^-20", (byte)0x94, 1_572_864UL, 1_500_000_000L)]
    [InlineData("2^-30", (byte)0x9E, 1UL << 29, 500_000_000L)]
    public void TryRead_IfTsresol_ConvertsToNanoseconds(string label, byte? tsresol, ulong ticks, long expected)
    {
        _ = label;
        byte[] file = new PcapngTestBuilder().Section(false).Interface(1, tsresol: tsresol).Enhanced(0, ticks, [0]).ToArray();

        ReadRecord record = Assert.Single(ReadRecord.ReadAll(file));

        Assert.Equal(expected, record.TimestampNanoseconds);
    }

    [Theory]
    [InlineData("little-endian", false)]
    [InlineData("big-endian", true)]
    public void TryRead_IfTsoffset_AddsSeconds(string label, bool bigEndian)
    {
        _ = label;
        byte[] file = new PcapngTestBuilder().Section(bigEndian).Interface(1, tsresol: 9, tsoffset: 1_000).Enhanced(0, 5, [0]).ToArray();

        ReadRecord record = Assert.Single(ReadRecord.ReadAll(file));

        Assert.Equal(1_000_000_000_005L, record.TimestampNanoseconds);
    }

    [Fact]
    public void TryRead_SectionWithoutBlocks_ReturnsFalse()
    {
        byte[] file = new PcapngTestBuilder().Section(true).ToArray();

        Assert.Empty(ReadRecord.ReadAll(file));
    }

    [Fact]
    public void TryRead_ManyPackets_ReusesItsBuffers()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            int id = writer.AddInterface(LinkType.Ethernet);
            var data = new byte[1400];
            for (int i = 0; i < 2000; i++)
            {
                writer.WritePacket(id, i, data);
            }
        }

        stream.Position = 0;
        using CaptureReader reader = CaptureReader.Open(stream, "many");
        Assert.True(reader.TryRead(out _));
        long before = GC.GetAllocatedBytesForCurrentThread();
        int count = 1;
        while (reader.TryRead(out _))
        {
            count++;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2000, count);
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes while reading");
    }
}
