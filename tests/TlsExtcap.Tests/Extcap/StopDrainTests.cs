using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Extcap;
using TlsExtcap.Load.Synthetic;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>
/// A stop (SIGTERM) while frames are on their way from the reading thread to the processing thread: the
/// reading stops, but every frame already read still goes out. Under load the processing thread can be far
/// behind the reader (first use of every code path, a slow FIFO reader), and those frames used to be dropped.
/// </summary>
public class StopDrainTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_StoppedWhileFramesAreQueued_EveryFrameReadGoesOut(bool batch)
    {
        using var capture = new SyntheticTls13Capture(new SyntheticCaptureOptions { Connections = 2, Concurrent = 2, Exchanges = 40 });
        var keyLog = new StringWriter();
        capture.WriteKeyLog(keyLog);
        byte[] pcapng = HoldBackLimitTests.ReadAll(new SyntheticCaptureStream(capture));
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(System.Text.Encoding.ASCII.GetBytes(keyLog.ToString()), "synthetic").Entries);
        int frames = CaptureBlocks.Packets(pcapng).Count;

        using var stop = new CancellationTokenSource();
        using var input = new EndlessInput(pcapng, stop.Token);
        // A slow FIFO reader: every frame's flush takes 10 ms, so the queue is far ahead of the output.
        var output = new SlowStream(TimeSpan.FromMilliseconds(10));
        using (var keysOutput = new KeysModeOutput(output, flushEachFrame: true))
        using (var session = new CaptureSession(keys, [], keysOutput, TimeSpan.FromSeconds(60), Serilog.Core.Logger.None))
        using (var reader = CaptureReader.Open(input, "endless"))
        {
            var run = Task.Run(() => session.Run(reader, originalPace: false, stop.Token, batch));
            // Every frame has been read (the reader now waits for more), most are still queued: stop.
            Assert.True(input.Exhausted.Wait(TimeSpan.FromSeconds(30)), "the reader did not reach the end of the input");
            Assert.True(output.Packets < frames / 2, $"{output.Packets} of {frames} frames already out: nothing left to drain");
            stop.Cancel();
            Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "the session did not stop");
        }

        Assert.Equal(frames, CaptureBlocks.Packets(output.ToArray()).Count);
    }

    /// <summary>A capture that, once read to its end, waits for more (as dumpcap's stdout does) until the stop.</summary>
    private sealed class EndlessInput(byte[] bytes, CancellationToken stop) : MemoryStream(bytes)
    {
        public ManualResetEventSlim Exhausted { get; } = new();

        // MemoryStream sends a derived type's Read(Span) here.
        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = base.Read(buffer, offset, count);
            if (read == 0)
            {
                Exhausted.Set();
                stop.WaitHandle.WaitOne();
            }

            return read;
        }
    }

    /// <summary>An output whose every flush takes a while; counts the packet blocks flushed.</summary>
    private sealed class SlowStream(TimeSpan perFlush) : MemoryStream
    {
        private int _packets;

        public int Packets => Volatile.Read(ref _packets);

        public override void Flush()
        {
            Thread.Sleep(perFlush);
            Volatile.Write(ref _packets, CaptureBlocks.Packets(ToArray()).Count);
        }
    }
}
