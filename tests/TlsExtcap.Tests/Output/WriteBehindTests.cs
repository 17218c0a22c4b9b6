using TlsExtcap.Output;

namespace TlsExtcap.Tests.Output;

/// <summary>Writes on a thread of their own: each stream's bytes in order, failures named and kept, memory bounded.</summary>
public sealed class WriteBehindTests
{
    [Fact]
    public void Write_InterleavedStreams_EachGetsItsBytesInOrder()
    {
        var random = new Random(7);
        using var writer = new WriteBehind(bufferSize: 1000, inFlight: 2);
        var targets = Enumerable.Range(0, 3).Select(_ => new RecordingStream()).ToArray();
        var streams = targets.Select((t, i) => new WriteBehindStream(t, writer, $"s{i}")).ToArray();
        var expected = targets.Select(_ => new MemoryStream()).ToArray();

        for (int n = 0; n < 600; n++)
        {
            int which = random.Next(3);
            byte[] data = new byte[random.Next(1, 2500)];
            random.NextBytes(data);
            streams[which].Write(data);
            expected[which].Write(data);
        }

        foreach (var stream in streams)
        {
            stream.Dispose();
        }

        writer.Drain();
        for (int i = 0; i < 3; i++)
        {
            Assert.True(targets[i].Closed);
            Assert.Equal(expected[i].ToArray(), targets[i].Written.ToArray());
        }

        Assert.Null(writer.Failure);
    }

    [Fact]
    public void Flush_WritesEverythingBeforeReturning()
    {
        using var writer = new WriteBehind(bufferSize: 64);
        var target = new RecordingStream();
        using var stream = new WriteBehindStream(target, writer, "s");

        stream.Write(new byte[1000]);
        stream.Write([1, 2, 3]);
        stream.Flush();

        Assert.Equal(1003, target.Written.Length);
        Assert.False(target.Closed);
    }

    [Fact]
    public void Write_TargetFails_NamedFailureThenThrownAndLaterBytesDropped()
    {
        using var writer = new WriteBehind(bufferSize: 100);
        var target = new RecordingStream { FailAfterBytes = 250 };
        using var good = new WriteBehindStream(new RecordingStream(), writer, "good");
        var bad = new WriteBehindStream(target, writer, "bad.bin");

        bad.Write(new byte[500]);
        good.Write(new byte[500]);
        var flushed = Assert.Throws<IOException>(bad.Flush);

        Assert.Equal("no space left", flushed.Message);
        Assert.Equal("bad.bin", writer.Failure!.Name);
        Assert.Same(flushed, writer.Failure.Error);
        Assert.Throws<IOException>(() => bad.Write(new byte[10]));
        Assert.Equal(200, target.Written.Length);
        good.Flush();
    }

    /// <summary>A stalled target holds the writer thread: the writing side waits once the in-flight buffers are full.</summary>
    [Fact]
    public void Write_StalledTarget_WriterWaitsAfterTheBuffersInFlight()
    {
        using var writer = new WriteBehind(bufferSize: 100, inFlight: 2);
        var target = new RecordingStream { Gate = new ManualResetEventSlim() };
        var stream = new WriteBehindStream(target, writer, "slow");
        long accepted = 0;
        // A thread of its own: a thread-pool task could wait for a pool thread longer than the test waits.
        var producer = new Thread(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                stream.Write(new byte[100]);
                Interlocked.Add(ref accepted, 100);
            }
        });
        producer.Start();

        Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref accepted) >= 100, TimeSpan.FromSeconds(10)), "the first write never returned");
        Thread.Sleep(300);
        long whileStalled = Interlocked.Read(ref accepted);
        target.Gate.Set();
        Assert.True(producer.Join(TimeSpan.FromSeconds(30)));
        stream.Flush();

        // One buffer being written, two queued, one being filled: at most four buffers' worth before it waits.
        Assert.InRange(whileStalled, 100, 400);
        Assert.Equal(5000, target.Written.Length);
    }

    private sealed class RecordingStream : Stream
    {
        public MemoryStream Written { get; } = new();

        public bool Closed { get; private set; }

        public int FailAfterBytes { get; init; } = int.MaxValue;

        public ManualResetEventSlim? Gate { get; init; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written.Length;

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Gate?.Wait();
            if (Written.Length + count > FailAfterBytes)
            {
                throw new IOException("no space left");
            }

            Written.Write(buffer, offset, count);
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Closed = true;
            base.Dispose(disposing);
        }
    }
}
