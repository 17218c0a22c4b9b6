using System.Text;
using TlsExtcap.Core.Capture;
using Xunit;

namespace TlsExtcap.Core.Tests.Capture;

public sealed class PcapngWriterTests
{
    [Fact]
    public void Constructor_NoApplication_WritesMinimalSectionHeader()
    {
        var stream = new MemoryStream();
        using (new PcapngWriter(stream, application: null, leaveOpen: true))
        {
        }

        // wireshark-interfaces.md §4.7 (verified with tshark 4.0.17).
        Assert.Equal("0A0D0D0A1C0000004D3C2B1A01000000FFFFFFFFFFFFFFFF1C000000", Convert.ToHexString(stream.ToArray()));
    }

    [Fact]
    public void AddInterface_NameAndNanoseconds_WritesDocumentedBlock()
    {
        var stream = new MemoryStream();
        using var writer = new PcapngWriter(stream, application: null, leaveOpen: true);
        long start = stream.Length;

        int id = writer.AddInterface(LinkType.Ethernet, snapLength: 0, name: "tls0", tsresolPowerOf10: 9);

        Assert.Equal(0, id);
        Assert.Equal(
            "01000000" + "28000000" + "01000000" + "00000000" + "02000400" + "746C7330" + "09000100" + "09000000" + "00000000" + "28000000",
            Convert.ToHexString(stream.ToArray()[(int)start..]));
    }

    [Fact]
    public void WriteDecryptionSecrets_KeyLogLine_WritesDocumentedBlock()
    {
        var stream = new MemoryStream();
        using var writer = new PcapngWriter(stream, application: null, leaveOpen: true);
        long start = stream.Length;

        writer.WriteDecryptionSecrets(0x544C534B, Encoding.ASCII.GetBytes("CLIENT_RANDOM 00 11\n"));

        Assert.Equal(
            "0A000000" + "28000000" + "4B534C54" + "14000000" + Convert.ToHexString(Encoding.ASCII.GetBytes("CLIENT_RANDOM 00 11\n")) + "28000000",
            Convert.ToHexString(stream.ToArray()[(int)start..]));
    }

    [Fact]
    public void WritePacket_RoundTrip_ReadsBackEveryField()
    {
        var stream = new MemoryStream();
        byte[] secrets = Encoding.ASCII.GetBytes("CLIENT_RANDOM 0102 0304\n12345");
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            int ethernet = writer.AddInterface(LinkType.Ethernet, name: "eth0");
            int raw = writer.AddInterface(LinkType.Raw, tsresolPowerOf10: 6);
            int upper = writer.AddInterface((LinkType)252, tsresolPowerOf10: null);
            writer.WriteDecryptionSecrets(0x544C534B, secrets);
            writer.WritePacket(ethernet, 1_700_000_000_123_456_789L, [1, 2, 3], comments: ["décrypté", "second"]);
            writer.WritePacket(raw, 1_700_000_000_123_456_789L, [4, 5, 6, 7], originalLength: 1500);
            writer.WritePacket(upper, 42_000L, []);
            writer.Flush();
        }

        List<ReadRecord> records = ReadRecord.ReadAll(new MemoryStream(stream.ToArray()), "written");

        Assert.Equal(4, records.Count);
        Assert.Equal(CaptureRecordKind.DecryptionSecrets, records[0].Kind);
        Assert.Equal(0x544C534Bu, records[0].SecretsType);
        Assert.Equal(secrets, records[0].Data);

        Assert.Equal(1, records[1].FrameNumber);
        Assert.Equal(LinkType.Ethernet, records[1].LinkType);
        Assert.Equal(0, records[1].InterfaceId);
        Assert.Equal(1_700_000_000_123_456_789L, records[1].TimestampNanoseconds);
        Assert.Equal([1, 2, 3], records[1].Data);
        Assert.Equal(3, records[1].OriginalLength);
        Assert.Equal(["décrypté", "second"], records[1].Comments);

        Assert.Equal(LinkType.Raw, records[2].LinkType);
        Assert.Equal(1, records[2].InterfaceId);
        Assert.Equal(1_700_000_000_123_456_000L, records[2].TimestampNanoseconds);
        Assert.Equal(1500, records[2].OriginalLength);
        Assert.Empty(records[2].Comments);

        Assert.Equal((LinkType)252, records[3].LinkType);
        Assert.Equal(42_000L, records[3].TimestampNanoseconds);
        Assert.Empty(records[3].Data);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(5, null)]
    [InlineData(8, "in place")]
    public void BeginPacket_WrittenInPlace_SameBlockAsWritePacket(int length, string? comment)
    {
        byte[] packet = [.. Enumerable.Range(1, length).Select(i => (byte)(i * 37))];
        var copied = new MemoryStream();
        var inPlace = new MemoryStream();
        using (var writer = new PcapngWriter(copied, leaveOpen: true))
        {
            writer.AddInterface(LinkType.Ethernet);
            writer.WritePacket(0, 1_700_000_000_000_000_001L, packet, originalLength: length + 10, comments: comment is null ? null : [comment]);
        }

        using (var writer = new PcapngWriter(inPlace, leaveOpen: true))
        {
            writer.AddInterface(LinkType.Ethernet);
            var destination = writer.BeginPacket(0, 1_700_000_000_000_000_001L, length, length + 10);
            Assert.Equal(length, destination.Length);
            packet.CopyTo(destination);
            writer.EndPacket(comment);
        }

        Assert.Equal(Convert.ToHexString(copied.ToArray()), Convert.ToHexString(inPlace.ToArray()));
    }

    [Fact]
    public void BeginPacket_OriginalShorterThanCaptured_Throws()
    {
        using var writer = new PcapngWriter(new MemoryStream());
        writer.AddInterface(LinkType.Ethernet);

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.BeginPacket(0, 0, 10, 9));
    }

    [Fact]
    public void WritePacket_UnknownInterface_Throws()
    {
        using var writer = new PcapngWriter(new MemoryStream());

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePacket(0, 0, [1]));
    }

    [Fact]
    public void Dispose_LeaveOpenFalse_DisposesStream()
    {
        var stream = new MemoryStream();
        new PcapngWriter(stream).Dispose();

        Assert.False(stream.CanWrite);
    }

    [Fact]
    public void Gathering_BlocksOfOneSection_SameBytesAsWrittenAndTakenInParts()
    {
        var written = new MemoryStream();
        byte[] secrets = Encoding.ASCII.GetBytes("CLIENT_RANDOM 0102 0304\n");
        using (var writer = new PcapngWriter(written, application: null, leaveOpen: true))
        {
            writer.AddInterface(LinkType.Ethernet);
            writer.WriteDecryptionSecrets(0x544C534B, secrets);
            writer.WritePacket(0, 1_000, [1, 2, 3], 3, "first", null);
            writer.WritePacket(0, 2_000, new byte[70_000], 70_000, null, ["a", "b"]);
        }

        var gathered = new MemoryStream();
        using (var header = new PcapngWriter(gathered, application: null, leaveOpen: true))
        {
            header.AddInterface(LinkType.Ethernet);
        }

        var lane = PcapngWriter.Gathering(16);
        Assert.Equal(0, lane.DeclareInterface(TimestampResolution.Nanoseconds));
        lane.WriteDecryptionSecrets(0x544C534B, secrets);
        lane.WritePacket(0, 1_000, [1, 2, 3], 3, "first", null);
        int mark = lane.Gathered;
        byte[] part = lane.TakeGathered(new byte[8], out int length);
        Assert.Equal(mark, length);
        gathered.Write(part, 0, length);
        Assert.Equal(0, lane.Gathered);
        lane.WritePacket(0, 2_000, new byte[70_000], 70_000, null, ["a", "b"]);
        part = lane.TakeGathered([], out length);
        gathered.Write(part, 0, length);

        Assert.Equal(Convert.ToHexString(written.ToArray()), Convert.ToHexString(gathered.ToArray()));
    }

    [Fact]
    public void Gathering_BlockThatFails_LeftOutOfWhatIsGathered()
    {
        var lane = PcapngWriter.Gathering(1024);
        lane.DeclareInterface(TimestampResolution.Nanoseconds);
        lane.WritePacket(0, 1_000, [1, 2, 3], 3, null, null);
        int before = lane.Gathered;

        // An option value over 65,535 bytes cannot be written: the block it was in is dropped, not half gathered.
        Assert.Throws<ArgumentException>(() => lane.WritePacket(0, 2_000, [4, 5], 2, new string('x', 70_000), null));
        Assert.Equal(before, lane.Gathered);
        lane.WritePacket(0, 3_000, [6], 1, null, null);
        byte[] bytes = lane.TakeGathered([], out int length);

        Assert.Equal(before + 36, length);
        Assert.Equal((uint)length - (uint)before, BitConverter.ToUInt32(bytes, before + 4));
    }
}
