using System.IO.Compression;
using TlsExtcap.Core.Capture;
using Xunit;

namespace TlsExtcap.Core.Tests.Capture;

public sealed class CaptureReaderGzipTests
{
    [Theory]
    [InlineData("pcapng little-endian", false)]
    [InlineData("pcapng big-endian", true)]
    public void Open_GzipPcapng_DecompressesWhileReading(string label, bool bigEndian)
    {
        byte[] file = new PcapngTestBuilder()
            .Section(bigEndian)
            .Interface(1, tsresol: 9)
            .Enhanced(0, 7, [1, 2, 3], comments: "gz")
            .Secrets(0x544C534B, [0x41])
            .ToArray();

        using CaptureReader reader = CaptureReader.Open(new NonSeekableStream(Compress(file)), label);

        Assert.Equal(CaptureFormat.Pcapng, reader.Format);
        Assert.True(reader.TryRead(out CaptureRecord packet));
        Assert.Equal([1, 2, 3], packet.Data.ToArray());
        Assert.Equal(7, packet.TimestampNanoseconds);
        Assert.Equal(["gz"], packet.Comments);
        Assert.True(reader.TryRead(out CaptureRecord secrets));
        Assert.Equal(CaptureRecordKind.DecryptionSecrets, secrets.Kind);
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void Open_GzipPcapLargerThanBuffer_ReadsAllPackets()
    {
        var builder = new PcapTestBuilder(bigEndian: true, nanosecond: true);
        var data = new byte[1000];
        for (uint i = 0; i < 300; i++)
        {
            data[0] = (byte)i;
            builder.Packet(i, i, data);
        }

        using CaptureReader reader = CaptureReader.Open(new NonSeekableStream(Compress(builder.ToArray())), "big.pcap.gz");
        Assert.Equal(CaptureFormat.Pcap, reader.Format);
        int count = 0;
        while (reader.TryRead(out CaptureRecord record))
        {
            Assert.Equal((byte)count, record.Data.Span[0]);
            Assert.Equal((count * 1_000_000_000L) + count, record.TimestampNanoseconds);
            count++;
        }

        Assert.Equal(300, count);
    }

    [Fact]
    public void Open_GzipFile_ReadsFromPath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tlsextcap-{Guid.NewGuid():N}.pcap.gz");
        try
        {
            File.WriteAllBytes(path, Compress(new PcapTestBuilder(false, false).Packet(1, 2, [9]).ToArray()));

            using CaptureReader reader = CaptureReader.Open(path);

            Assert.True(reader.TryRead(out CaptureRecord record));
            Assert.Equal(1_000_002_000L, record.TimestampNanoseconds);
            Assert.False(reader.TryRead(out _));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Open_MissingFile_ThrowsIOException()
    {
        Assert.ThrowsAny<IOException>(() => CaptureReader.Open(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pcapng")));
    }

    [Fact]
    public void Open_CorruptGzip_ThrowsBadGzip()
    {
        byte[] corrupt = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

        var ex = Assert.Throws<CaptureFormatException>(() => ReadRecord.ReadAll(new MemoryStream(corrupt), "corrupt.gz"));

        Assert.Equal(CaptureFormatError.BadGzip, ex.Reason);
    }

    [Fact]
    public void Open_GzipOfGarbage_ThrowsUnknownFormat()
    {
        var ex = Assert.Throws<CaptureFormatException>(() => CaptureReader.Open(new MemoryStream(Compress("not a capture"u8.ToArray())), "text.gz"));

        Assert.Equal(CaptureFormatError.UnknownFormat, ex.Reason);
    }

    internal static byte[] Compress(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
