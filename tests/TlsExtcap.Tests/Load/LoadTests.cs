using TlsExtcap.Load;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Load;

/// <summary>
/// Load: 10,000 concurrent TLS 1.3 connections (a synthetic capture sealed with known secrets, made as
/// it is read) through the extcap's capture path in its own process, so that its memory is its own.
/// The live managed heap is sampled after full collections. Memory must stay flat once every
/// connection is open (a per-packet leak shows as growth), and stay within a per-connection bound
/// (each connection used to keep ~48 KiB). scripts/load runs the full million-packet size.
/// </summary>
public class LoadTests
{
    private const long Mib = 1 << 20;

    [Fact]
    public void Run_TenThousandConcurrentConnections_AllDecryptedAndMemoryFlatAfterTheRamp()
    {
        var report = RunLoad("--connections", "10000", "--concurrent", "10000", "--packets", "300000", "--samples", "12");

        // Nothing lost, everything decrypted.
        Assert.Equal(report.Packets, report.FramesWritten);
        Assert.True(report.Packets >= 290_000, $"{report.Packets} packets");
        Assert.Equal(10_000, report.TlsConnections);
        Assert.Equal(10_000, report.DecryptedConnections);
        // After the ramp the heap stays put: 200,000+ more packets may add at most 4 MiB (about 20 bytes a packet).
        long afterRamp = report.Samples.Where(s => s[0] >= report.Packets - report.PacketsAfterRamp).Max(s => s[1]);
        Assert.True(report.PacketsAfterRamp >= 200_000, $"{report.PacketsAfterRamp} packets after the ramp");
        Assert.True(afterRamp - report.HeapAfterRampBytes < 4 * Mib, $"heap grew {(afterRamp - report.HeapAfterRampBytes) / (double)Mib:F1} MiB after the ramp");
        // Per open connection (key store excluded: it is the first sample): at most 16 KiB.
        long perConnection = (report.PeakHeapBytes - report.Samples[0][1]) / 10_000;
        Assert.True(perConnection < 16 * 1024, $"{perConnection} bytes per connection");
    }

    [Fact]
    public void Run_ManyClosedConnections_MemoryFollowsTheOpenOnes()
    {
        // 20,000 connections, 500 open at a time: closed ones must be forgotten, not kept.
        var report = RunLoad("--connections", "20000", "--concurrent", "500", "--packets", "300000", "--samples", "12");

        Assert.Equal(report.Packets, report.FramesWritten);
        Assert.Equal(20_000, report.DecryptedConnections);
        long afterRamp = report.Samples.Where(s => s[0] >= report.Packets - report.PacketsAfterRamp).Max(s => s[1]);
        // 19,500 connections close after the ramp; keeping ~4 KiB each would add ~76 MiB.
        Assert.True(afterRamp - report.HeapAfterRampBytes < 8 * Mib, $"heap grew {(afterRamp - report.HeapAfterRampBytes) / (double)Mib:F1} MiB while connections came and went");
    }

    [Fact]
    public void Run_AllConnectionsWaitingForKeys_HeldFramesStayWithinTheBudget()
    {
        // The key wait is long beside the time the budget takes to fill (about 0.1 s alone, seconds when the whole
        // suite loads both cores): were it shorter, connections would be released by their deadline first.
        var report = RunLoad("--connections", "10000", "--concurrent", "10000", "--packets", "200000", "--samples", "8",
            "--keys", "none", "--key-wait", "6", "--max-held-total", "8M");

        Assert.Equal(report.Packets, report.FramesWritten);
        Assert.True(report.ReleasedOverHeldLimit > 0);
        // The budget plus the one frame that crossed it.
        Assert.InRange(report.PeakHeldBytes, 1, (8 * Mib) + 2048);
        Assert.True(report.PeakHeapBytes < 128 * Mib, $"peak heap {report.PeakHeapBytes / (double)Mib:F1} MiB");
    }

    private static LoadReport RunLoad(params string[] args)
    {
        var (code, stdout, stderr) = Programs.Run(Path.Combine(AppContext.BaseDirectory, "tlsextcap-load"), args, TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"tlsextcap-load exited {code}: {stderr}");
        return LoadReport.FromJson(stdout.Trim());
    }
}
