using System.IO.Compression;
using TlsExtcap.Core.Capture;
using Xunit;

namespace TlsExtcap.Core.Tests.Capture;

/// <summary>
/// Blocks handed out in place: across chunk boundaries, longer than the carry room, read ahead on a thread
/// or on demand from a pipe — always the same records and the same errors, at the same offsets.
/// </summary>
public sealed class CaptureInputTests
{
    /// <summary>Packets of every size class: tiny, Ethernet, loopback (64 KiB), over the 256 KiB room, over a 1 MiB chunk.</summary>
    private static byte[] MixedCapture(int seed, int packets)
    {
        var random = new Random(seed);
        var builder = new PcapngTestBuilder().Section(false).Interface(1);
        int[] sizes = [1, 60, 1514, 16_400, 65_535, 300_000, 1_200_000];
        for (int i = 0; i < packets; i++)
        {
            int size = i % 50 == 49 ? sizes[5 + (i / 50 % 2)] : sizes[random.Next(5)] - random.Next(Math.Min(40, sizes[random.Next(5)]));
            byte[] data = new byte[Math.Max(1, size)];
            random.NextBytes(data);
            builder.Enhanced(0, (ulong)i, data, comments: i % 7 == 0 ? [$"packet {i}"] : []);
            if (i % 97 == 0)
            {
                builder.Secrets(CaptureProcessorSecrets, System.Text.Encoding.ASCII.GetBytes($"CLIENT_RANDOM {i:x64} {i:x96}\n"));
            }
        }

        return builder.ToArray();
    }

    private const uint CaptureProcessorSecrets = 0x544c534b;

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 120)]
    public void TryRead_ReadAheadAndOnDemand_SameRecords(int seed, int packets)
    {
        byte[] file = MixedCapture(seed, packets);

        var expected = ReadRecord.ReadAll(new MemoryStream(file), "test", readAhead: false);
        var ahead = ReadRecord.ReadAll(new MemoryStream(file), "test", readAhead: true);
        var trickled = ReadRecord.ReadAll(new NonSeekableStream(file, maxChunk: 4093), "test");

        Assert.True(expected.Count > packets, $"{expected.Count} records");
        Assert.Equal(expected.Count, ahead.Count);
        Assert.Equal(expected.Count, trickled.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            AssertSame(expected[i], ahead[i]);
            AssertSame(expected[i], trickled[i]);
        }

        Assert.Contains(expected, r => r.Data.Length == 1_200_000);
        Assert.Contains(expected, r => r.Data.Length == 300_000);
    }

    [Fact]
    public void TryRead_ReadAheadGzip_SameRecordsAsPlain()
    {
        byte[] file = MixedCapture(3, 60);
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(file);
        }

        var plain = ReadRecord.ReadAll(new MemoryStream(file), "test");
        var ahead = ReadRecord.ReadAll(new MemoryStream(compressed.ToArray()), "test.gz", readAhead: true);

        Assert.Equal(plain.Count, ahead.Count);
        for (int i = 0; i < plain.Count; i++)
        {
            AssertSame(plain[i], ahead[i]);
        }
    }

    [Theory]
    [MemberData(nameof(CaptureReaderMalformedTests.MalformedFiles), MemberType = typeof(CaptureReaderMalformedTests))]
    public void TryRead_MalformedFileReadAhead_SameErrorAtTheSameOffset(string label, string hex, CaptureFormatError reason)
    {
        byte[] file = Convert.FromHexString(hex.Replace(" ", ""));

        var (records, error) = ReadRecord.ReadUntilError(file, readAhead: false);
        var (aheadRecords, aheadError) = ReadRecord.ReadUntilError(file, readAhead: true);

        Assert.True(aheadError is not null, label);
        Assert.Equal(reason, aheadError.Reason);
        Assert.Equal(error!.Offset, aheadError.Offset);
        Assert.Equal(error.Message, aheadError.Message);
        Assert.Equal(records.Count, aheadRecords.Count);
    }

    /// <summary>A read error part-way: every record wholly before it comes first, in both modes, then the error itself.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryRead_ReadErrorPartWay_RecordsBeforeItThenTheError(bool readAhead)
    {
        byte[] file = MixedCapture(4, 80);
        int failAt = file.Length * 2 / 3;
        var complete = ReadRecord.ReadAll(new MemoryStream(file), "test");

        var records = new List<ReadRecord>();
        using var reader = CaptureReader.Open(new FailingStream(file, failAt), "test", readAhead);
        var error = Assert.Throws<IOException>(() =>
        {
            while (reader.TryRead(out var record))
            {
                records.Add(ReadRecord.From(record));
            }
        });

        Assert.Equal("disk gone", error.Message);
        Assert.InRange(records.Count, complete.Count / 3, complete.Count - 1);
        // The records that fit before the failing byte all came out.
        long end = EndOfRecords(file, records.Count);
        Assert.True(end <= failAt, $"record {records.Count} ends at {end}, past {failAt}");
        Assert.True(EndOfRecords(file, records.Count + 1) > failAt, "a record wholly before the error was held back");
        for (int i = 0; i < records.Count; i++)
        {
            AssertSame(complete[i], records[i]);
        }
    }

    [Fact]
    public void Dispose_ReadAheadPartWay_StopsReadingAndDisposesTheStream()
    {
        byte[] file = MixedCapture(5, 400);
        var stream = new CountingStream(file);
        var reader = CaptureReader.Open(stream, "test", readAhead: true);
        Assert.True(reader.TryRead(out _));

        reader.Dispose();
        long reads = stream.Reads;
        Thread.Sleep(50);

        Assert.True(stream.Disposed);
        Assert.Equal(reads, stream.Reads);
        Assert.True(stream.Position < file.Length, "read ahead without bound");
    }

    /// <summary>A stream that cannot tell its length (a pass-through, a pipe) is still read ahead in large reads.</summary>
    [Fact]
    public void TryRead_ReadAheadOfUnseekableStream_ReadsInLargeChunks()
    {
        byte[] file = MixedCapture(6, 100);
        var stream = new CountingStream(file) { Seekable = false };

        var records = ReadRecord.ReadAll(stream, "test", readAhead: true);

        Assert.Equal(ReadRecord.ReadAll(file).Count, records.Count);
        Assert.True(file.Length > 2 << 20, $"{file.Length} bytes");
        Assert.InRange(stream.Reads, 1, (file.Length >> 20) + 4);
    }

    private static void AssertSame(ReadRecord expected, ReadRecord actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.FrameNumber, actual.FrameNumber);
        Assert.Equal(expected.TimestampNanoseconds, actual.TimestampNanoseconds);
        Assert.Equal(expected.SecretsType, actual.SecretsType);
        Assert.Equal(expected.Comments, actual.Comments);
        Assert.True(expected.Data.AsSpan().SequenceEqual(actual.Data), $"data of record {expected.FrameNumber} differs");
    }

    /// <summary>File offset where the first <paramref name="count"/> records (packets and secrets blocks) end.</summary>
    private static long EndOfRecords(byte[] file, int count)
    {
        long offset = 0;
        int seen = 0;
        while (offset + 8 <= file.Length)
        {
            uint type = BitConverter.ToUInt32(file, (int)offset);
            uint length = BitConverter.ToUInt32(file, (int)offset + 4);
            offset += length;
            if (type is 6 or 0x0A && ++seen == count)
            {
                return offset;
            }
        }

        return count == 0 ? 0 : long.MaxValue;
    }

    /// <summary>Returns the bytes up to <c>failAt</c>, then throws an <see cref="IOException"/>.</summary>
    private sealed class FailingStream(byte[] data, int failAt) : CountingStream(data)
    {
        public override int Read(Span<byte> buffer)
        {
            if (Position >= failAt)
            {
                throw new IOException("disk gone");
            }

            return base.Read(buffer[..(int)Math.Min(buffer.Length, failAt - Position)]);
        }
    }

    /// <summary>A readable, seekable stream over bytes that counts its reads and notes its disposal.</summary>
    private class CountingStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data, writable: false);

        public long Reads { get; private set; }

        public bool Disposed { get; private set; }

        public bool Seekable { get; init; } = true;

        public override bool CanRead => true;

        public override bool CanSeek => Seekable;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => _inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            Reads++;
            return _inner.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
