using TlsExtcap.Core.Capture;
using Xunit;

namespace TlsExtcap.Core.Tests.Capture;

public sealed class CaptureReaderMalformedTests
{
    private const string Shb = "0A0D0D0A 1C000000 4D3C2B1A 01000000 FFFFFFFF FFFFFFFF 1C000000";
    private const string Idb = "01000000 14000000 01000000 00000000 14000000";

    public static TheoryData<string, string, CaptureFormatError> MalformedFiles => new()
    {
        { "garbage text", "48656C6C 6F2C2077 6F726C64", CaptureFormatError.UnknownFormat },
        { "pcap magic with a swapped half", "A1B2D4C3 02000400", CaptureFormatError.UnknownFormat },
        { "two bytes only", "D4C3", CaptureFormatError.Truncated },
        { "empty file", "", CaptureFormatError.Truncated },
        { "pcap header cut short", "D4C3B2A1 02000400 00000000", CaptureFormatError.Truncated },
        { "pcap major version 3", "D4C3B2A1 03000400 00000000 00000000 FFFF0000 01000000", CaptureFormatError.UnsupportedVersion },
        { "pcap record over 256 KiB", "D4C3B2A1 02000400 00000000 00000000 00000000 01000000 00000000 00000000 01000400 01000400", CaptureFormatError.BlockTooLarge },
        { "pcap record over snap length", "A1B2C3D4 00020004 00000000 00000000 00000040 00000001 00000000 00000000 00000041 00000041", CaptureFormatError.SnapLengthExceeded },
        { "pcap record header cut short", "D4C3B2A1 02000400 00000000 00000000 FFFF0000 01000000 00000000 0000", CaptureFormatError.Truncated },
        { "pcap record data cut short", "D4C3B2A1 02000400 00000000 00000000 FFFF0000 01000000 00000000 00000000 04000000 04000000 AABB", CaptureFormatError.Truncated },
        { "pcapng bad byte-order magic", "0A0D0D0A 1C000000 11223344 01000000 FFFFFFFF FFFFFFFF 1C000000", CaptureFormatError.BadMagic },
        { "pcapng major version 2", "0A0D0D0A 1C000000 4D3C2B1A 02000000 FFFFFFFF FFFFFFFF 1C000000", CaptureFormatError.UnsupportedVersion },
        { "pcapng SHB shorter than its fields", "0A0D0D0A 0C000000 4D3C2B1A", CaptureFormatError.BadBlockLength },
        { "pcapng block 0x7ffffff0 long", Shb + "06000000 F0FFFF7F", CaptureFormatError.BlockTooLarge },
        { "pcapng block just over 16 MiB", Shb + "06000000 04000001", CaptureFormatError.BlockTooLarge },
        { "pcapng length not a multiple of 4", Shb + "06000000 1E000000", CaptureFormatError.BadBlockLength },
        { "pcapng length below 12", Shb + "06000000 08000000", CaptureFormatError.BadBlockLength },
        { "pcapng trailer differs", Shb + "01000000 14000000 01000000 00000000 18000000", CaptureFormatError.BadBlockLength },
        { "pcapng big-endian trailer differs", "0A0D0D0A 0000001C 1A2B3C4D 00010000 FFFFFFFF FFFFFFFF 0000001D", CaptureFormatError.BadBlockLength },
        { "pcapng block header cut short", Shb + "06000000", CaptureFormatError.Truncated },
        { "pcapng block body cut short", Shb + "01000000 14000000 0100", CaptureFormatError.Truncated },
        { "pcapng EPB before any IDB", Shb + "06000000 20000000 00000000 00000000 00000000 00000000 00000000 20000000", CaptureFormatError.UnknownInterface },
        { "pcapng EPB on interface 1 of 1", Shb + Idb + "06000000 20000000 01000000 00000000 00000000 00000000 00000000 20000000", CaptureFormatError.UnknownInterface },
        { "pcapng SPB before any IDB", Shb + "03000000 10000000 00000000 10000000", CaptureFormatError.UnknownInterface },
        { "pcapng EPB captured length overruns block", Shb + Idb + "06000000 20000000 00000000 00000000 00000000 08000000 08000000 20000000", CaptureFormatError.BadBlockLength },
        { "pcapng EPB shorter than fixed fields", Shb + Idb + "06000000 10000000 00000000 10000000", CaptureFormatError.BadBlockLength },
        { "pcapng DSB secrets overrun block", Shb + "0A000000 14000000 4B534C54 10000000 14000000", CaptureFormatError.BadBlockLength },
        { "pcapng IDB option overruns block", Shb + "01000000 18000000 01000000 00000000 02006400 18000000", CaptureFormatError.BadOption },
        { "pcapng if_tsresol of two bytes", Shb + "01000000 1C000000 01000000 00000000 09000200 06090000 1C000000", CaptureFormatError.BadOption },
        { "pcapng if_tsresol 10^-20", Shb + "01000000 1C000000 01000000 00000000 09000100 14000000 1C000000", CaptureFormatError.BadOption },
        { "pcapng EPB comment overruns block", Shb + Idb + "06000000 24000000 00000000 00000000 00000000 00000000 00000000 01000800 24000000", CaptureFormatError.BadOption },
        { "pcapng comment padding overruns block", Shb + Idb + "06000000 24000000 00000000 00000000 00000000 00000000 00000000 01000100 24000000", CaptureFormatError.BadOption },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void TryRead_MalformedFile_ThrowsWithReason(string label, string hex, CaptureFormatError expected)
    {
        (_, CaptureFormatException? error) = ReadRecord.ReadUntilError(Convert.FromHexString(hex.Replace(" ", "")));

        Assert.True(error is not null, $"{label}: no exception");
        Assert.Equal(expected, error.Reason);
    }

    [Fact]
    public void TryRead_HugeBlockLength_DoesNotAllocateIt()
    {
        byte[] file = Convert.FromHexString((Shb + "06000000 F0FFFF7F").Replace(" ", ""));
        using CaptureReader reader = CaptureReader.Open(new MemoryStream(file), "huge");
        long before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<CaptureFormatException>(() => reader.TryRead(out _));

        Assert.Equal(CaptureFormatError.BlockTooLarge, ex.Reason);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024);
        Assert.Equal(28, ex.Offset);
        Assert.Contains("huge", ex.Message);
        Assert.Equal("pcapng Enhanced Packet Block", ex.Structure);
    }

    public static TheoryData<string> Formats => new() { "pcap-le", "pcap-be-ns", "pcapng-le", "pcapng-be" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void TryRead_EveryTruncatedPrefix_ReadsCompleteRecordsThenThrowsTruncatedOrEndsAtBoundary(string format)
    {
        (byte[] file, List<(int End, bool IsRecord)> boundaries, int headerLength) = BuildSmallValid(format);
        List<ReadRecord> full = ReadRecord.ReadAll(file);

        for (int length = 0; length < file.Length; length++)
        {
            (List<ReadRecord> records, CaptureFormatException? error) = ReadRecord.ReadUntilError(file[..length]);
            int expectedRecords = boundaries.Count(b => b.End <= length && b.IsRecord);
            bool atBoundary = length >= headerLength && (length == headerLength || boundaries.Any(b => b.End == length));

            Assert.Equal(expectedRecords, records.Count);
            for (int i = 0; i < records.Count; i++)
            {
                Assert.Equal(full[i].Data, records[i].Data);
            }

            if (atBoundary)
            {
                Assert.True(error is null, $"{format} prefix {length}: unexpected {error?.Message}");
            }
            else
            {
                Assert.True(error is not null, $"{format} prefix {length}: no exception");
                Assert.Equal(CaptureFormatError.Truncated, error.Reason);
            }
        }
    }

    private static (byte[] File, List<(int End, bool IsRecord)> Boundaries, int HeaderLength) BuildSmallValid(string format)
    {
        switch (format)
        {
            case "pcap-le":
            case "pcap-be-ns":
                var pcap = new PcapTestBuilder(format == "pcap-be-ns", format == "pcap-be-ns")
                    .Packet(1, 2, [1, 2, 3])
                    .Packet(3, 4, [])
                    .Packet(5, 6, [4, 5, 6, 7, 8]);
                return (pcap.ToArray(), pcap.RecordEnds.Select(e => (e, true)).ToList(), 24);
            default:
                var pcapng = new PcapngTestBuilder()
                    .Section(format == "pcapng-be")
                    .Interface(1, tsresol: 9)
                    .Secrets(0x544C534B, [0x41, 0x42])
                    .Enhanced(0, 1, [1, 2, 3], comments: "c")
                    .Other(0x40000BAD, [1, 2, 3, 4])
                    .Simple([9, 9], 2)
                    .Section(format != "pcapng-be")
                    .Interface(101)
                    .Obsolete(0, 5, [7]);
                var blocks = pcapng.Blocks.ToList();

                // The first SHB is part of the file header: a file cut inside it is truncated.
                return (pcapng.ToArray(), blocks, blocks[0].End);
        }
    }
}
