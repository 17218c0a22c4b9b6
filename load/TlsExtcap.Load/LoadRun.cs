using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Extcap;
using TlsExtcap.Limits;
using TlsExtcap.Load.Synthetic;

namespace TlsExtcap.Load;

/// <summary>
/// One load run: a synthetic capture (made while it is read) goes through the extcap's capture path —
/// <see cref="CaptureSession"/> in keys mode, hold-back and limits included — into a sink that keeps
/// nothing. The live managed heap is sampled after full collections; peak RSS comes from the kernel.
/// </summary>
public static class LoadRun
{
    public static LoadReport Run(LoadOptions options)
    {
        var shape = SyntheticCaptureOptions.ForPackets(options.Packets, options.Connections, options.Concurrent) with { DistinctSecrets = options.DistinctSecrets };
        using var capture = new SyntheticTls13Capture(shape);
        var keys = options.Keys == "upfront" ? LoadKeys(capture) : new KeyStore();

        if (!CaptureLimits.TryRead(
                name => name == CaptureLimits.HeldBytes.Option ? options.MaxHeldBytes : name == CaptureLimits.HeldTotalBytes.Option ? options.MaxHeldTotal : null,
                out var limits, out string? error))
        {
            throw new ArgumentException(error);
        }

        var sink = new CountingStream();
        using var frames = new KeysModeOutput(sink);
        using var session = new CaptureSession(keys, [], frames, TimeSpan.FromSeconds(options.KeyWaitSeconds), Serilog.Core.Logger.None, limits);
        using var stream = new SyntheticCaptureStream(capture);
        long total = capture.TotalPackets;
        long every = Math.Max(1, total / Math.Max(1, options.Samples));

        // The first wave is established once each of its connections sent its client Finished.
        long ramp = (long)Math.Min(shape.Connections, shape.Concurrent) * (5 + SyntheticConnection.ServerFlightSegments(shape));
        var samples = new List<MemorySample>();
        long peakHeld = 0;
        GC.Collect();
        samples.Add(new MemorySample(0, GC.GetTotalMemory(forceFullCollection: true)));
        stream.OnPacket = packet =>
        {
            peakHeld = Math.Max(peakHeld, session.HeldBytes);
            if (packet.Number % every == 0 || packet.Number == ramp || packet.Number == total)
            {
                samples.Add(new MemorySample(packet.Number, GC.GetTotalMemory(forceFullCollection: true)));
            }
        };

        var clock = Stopwatch.StartNew();
        using (var reader = CaptureReader.Open(stream, "synthetic"))
        {
            session.Run(reader, originalPace: false, CancellationToken.None);
        }

        clock.Stop();
        var totals = session.Totals();
        var afterRamp = samples.FirstOrDefault(s => s.Packets >= ramp);
        return new LoadReport
        {
            Connections = shape.Connections,
            Concurrent = shape.Concurrent,
            Packets = capture.Produced,
            Keys = options.Keys,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
            FramesWritten = session.FramesWritten,
            OutputBytes = sink.BytesWritten,
            TlsConnections = totals.Connections,
            DecryptedConnections = totals.Decrypted,
            RecordsDecrypted = totals.RecordsDecrypted,
            ReleasedOverHeldLimit = session.ReleasedOverHeldLimit,
            PeakHeldBytes = peakHeld,
            PeakRssBytes = PeakResidentBytes(),
            PeakHeapBytes = samples.Max(s => s.HeapBytes),
            HeapAfterRampBytes = afterRamp.HeapBytes,
            HeapAtEndBytes = samples[^1].HeapBytes,
            PacketsAfterRamp = capture.Produced - afterRamp.Packets,
            Samples = samples.Select(s => new[] { s.Packets, s.HeapBytes }).ToList(),
        };
    }

    /// <summary>The whole key log in a store, as a key log read before the capture would be (its text is dropped again).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal static KeyStore LoadKeys(SyntheticTls13Capture capture)
    {
        var keys = new KeyStore();
        var keyLog = new StringWriter();
        capture.WriteKeyLog(keyLog);
        byte[] bytes = Encoding.ASCII.GetBytes(keyLog.ToString());
        keys.AddRange(KeyLogParser.Parse(bytes, "synthetic").Entries);
        CryptographicOperations.ZeroMemory(bytes);
        return keys;
    }

    /// <summary>VmHWM of /proc/self/status (Linux): the most resident memory the process ever had.</summary>
    private static long PeakResidentBytes()
    {
        try
        {
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? -1 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
