using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipes;
using TlsExtcap.Core.Capture;
using TlsExtcap.Extcap;
using TlsExtcap.Load.Synthetic;

namespace TlsExtcap.Load;

/// <summary>
/// What the extcap adds to a live frame's way to Wireshark (issue 6: under 1 ms at p99 at 50,000 frames/s).
/// A synthetic capture is fed into a kernel pipe at a fixed rate, block by block, as dumpcap writes its
/// pcapng for the extcap to read; the extcap's live path (<see cref="CaptureSession"/> unbatched, keys
/// mode, a flush per frame) reads it, and each frame's latency runs from the write of its block into the
/// pipe to the arrival of its block at the output. Keys are known up front: no key wait is in the figures.
/// </summary>
public static class LatencyRun
{
    /// <summary>The feeder wakes about every millisecond and writes the frames due by then, as a capture buffer fills.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    public static LatencyReport Run(LoadOptions options)
    {
        var shape = SyntheticCaptureOptions.ForPackets(options.Packets, options.Connections, options.Concurrent) with
        {
            DistinctSecrets = options.DistinctSecrets,
            PayloadBytes = options.PayloadBytes ?? new SyntheticCaptureOptions().PayloadBytes,
        };
        using var capture = new SyntheticTls13Capture(shape);
        var keys = LoadRun.LoadKeys(capture);
        // The capture waits in a temporary file, not in this process's memory: the extcap's process should
        // hold what a real one holds (dumpcap keeps its frames in its own process). A 300 MB array here made
        // this machine's memory sampling (DAMON, every 500 ms) stall the process for 10-18 ms at a time.
        string file = Path.Combine(Path.GetTempPath(), $"tlsextcap-latency-{Environment.ProcessId}.pcapng");
        using var source = new FileStream(file, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        using (var generated = new SyntheticCaptureStream(capture))
        {
            generated.CopyTo(source);
        }

        source.Flush();
        var (header, packets) = Blocks(source);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var sent = new long[packets.Count];
        var output = new EpbTimingStream(packets.Count);
        long peakHeld = 0;

        using var pipeOut = new AnonymousPipeServerStream(PipeDirection.Out);
        using var pipeIn = new AnonymousPipeClientStream(PipeDirection.In, pipeOut.ClientSafePipeHandle);
        using var frames = new KeysModeOutput(output, flushEachFrame: true);
        using var session = new CaptureSession(keys, [], frames, TimeSpan.FromSeconds(options.KeyWaitSeconds), Serilog.Core.Logger.None);
        session.OnTick = s => peakHeld = Math.Max(peakHeld, s.HeldBytes);
        int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var paused = GC.GetTotalPauseDuration();

        var feeder = new Thread(() => Feed(pipeOut, source, header, packets, sent, options.Rate)) { Name = "feeder", IsBackground = true };
        var clock = Stopwatch.StartNew();
        feeder.Start();
        using (var reader = CaptureReader.Open(pipeIn, "pipe"))
        {
            session.Run(reader, originalPace: false, CancellationToken.None, batch: false);
        }

        feeder.Join();
        double seconds = clock.Elapsed.TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        gen0 = GC.CollectionCount(0) - gen0;
        gen2 = GC.CollectionCount(2) - gen2;
        paused = GC.GetTotalPauseDuration() - paused;
        int count = Math.Min(output.Count, packets.Count);
        var latencies = new double[count];
        for (int i = 0; i < count; i++)
        {
            latencies[i] = Stopwatch.GetElapsedTime(sent[i], output.Arrivals[i]).TotalMicroseconds;
        }

        if (Environment.GetEnvironmentVariable("TLSEXTCAP_LATENCY_DUMP") is { Length: > 0 } dump)
        {
            File.WriteAllLines(dump, latencies.Select((l, i) => $"{Stopwatch.GetElapsedTime(sent[0], sent[i]).TotalMilliseconds:F3} {l:F1}"));
        }

        // Warm: after the first second (the first use of every code path, and each connection's handshake).
        int warmFrom = Math.Min(count, options.Rate);
        var warm = latencies[warmFrom..];
        Array.Sort(latencies);
        Array.Sort(warm);
        static double? At(double[] sorted, double p) => sorted.Length == 0 ? null : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))], 1);
        double? Percentile(double p) => At(latencies, p);
        return new LatencyReport
        {
            Rate = options.Rate,
            AchievedRate = Math.Round(packets.Count / Stopwatch.GetElapsedTime(sent[0], sent[^1]).TotalSeconds),
            Frames = packets.Count,
            FramesOut = output.Count,
            Connections = shape.Connections,
            FrameBytesMean = Math.Round(packets.Average(p => (double)p.Length), 1),
            PeakHeldBytes = peakHeld,
            P50Microseconds = Percentile(0.50),
            P99Microseconds = Percentile(0.99),
            P999Microseconds = Percentile(0.999),
            MaxMicroseconds = count == 0 ? null : Math.Round(latencies[^1], 1),
            WarmP50Microseconds = At(warm, 0.50),
            WarmP99Microseconds = At(warm, 0.99),
            WarmP999Microseconds = At(warm, 0.999),
            WarmMaxMicroseconds = warm.Length == 0 ? null : Math.Round(warm[^1], 1),
            Gen0Collections = gen0,
            Gen2Collections = gen2,
            AllocatedBytesPerFrame = Math.Round(allocated / (double)Math.Max(1, packets.Count), 1),
            GcPauseMilliseconds = Math.Round(paused.TotalMilliseconds, 1),
            Seconds = Math.Round(seconds, 2),
        };
    }

    /// <summary>Writes the header blocks, then each packet block when it is due, noting when it went into the pipe.</summary>
    private static void Feed(Stream pipe, FileStream source, int header, List<(long Offset, int Length)> packets, long[] sent, int rate)
    {
        try
        {
            var handle = source.SafeFileHandle;
            byte[] block = new byte[Math.Max(header, packets.Count == 0 ? 0 : packets.Max(p => p.Length))];
            RandomAccess.Read(handle, block.AsSpan(0, header), 0);
            pipe.Write(block, 0, header);
            long start = Stopwatch.GetTimestamp();
            double ticksPerFrame = (double)Stopwatch.Frequency / rate;
            int next = 0;
            while (next < packets.Count)
            {
                long now = Stopwatch.GetTimestamp();
                long due = (long)((now - start) / ticksPerFrame) + 1;
                while (next < packets.Count && next < due)
                {
                    var (offset, length) = packets[next];
                    RandomAccess.Read(handle, block.AsSpan(0, length), offset);
                    sent[next] = Stopwatch.GetTimestamp();
                    pipe.Write(block, 0, length);
                    next++;
                }

                Thread.Sleep(Tick);
            }
        }
        finally
        {
            pipe.Dispose();
        }
    }

    /// <summary>The length of the blocks before the first packet, and each Enhanced Packet Block (pcapng §4.3).</summary>
    private static (int Header, List<(long Offset, int Length)> Packets) Blocks(FileStream capture)
    {
        var packets = new List<(long, int)>();
        long header = -1;
        Span<byte> blockHeader = stackalloc byte[8];
        long size = capture.Length;
        for (long offset = 0; offset + 8 <= size;)
        {
            RandomAccess.Read(capture.SafeFileHandle, blockHeader, offset);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(blockHeader);
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(blockHeader[4..]);
            if (type == 6)
            {
                header = header < 0 ? offset : header;
                packets.Add((offset, length));
            }

            offset += length;
        }

        return ((int)header, packets);
    }
}
