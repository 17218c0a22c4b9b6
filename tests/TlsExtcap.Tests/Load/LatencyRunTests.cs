using TlsExtcap.Load;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Load;

/// <summary>
/// The latency harness (<c>tlsextcap-load --rate</c>, run full size by scripts/bench): frames fed through a
/// kernel pipe at a fixed rate into the extcap's live path. Here only that it measures what it says — every
/// frame fed comes out and is timed, none waited for keys — not how fast: speed is for the bench.
/// </summary>
public class LatencyRunTests
{
    [Fact]
    public void Run_PacedThroughAPipe_EveryFrameOutAndTimed()
    {
        var (code, stdout, stderr) = Programs.Run(Path.Combine(AppContext.BaseDirectory, "tlsextcap-load"),
            ["--rate", "20000", "--packets", "20000", "--connections", "20", "--concurrent", "20", "--payload-bytes", "1200"], TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"tlsextcap-load exited {code}: {stderr}");
        var report = LatencyReport.FromJson(stdout.Trim());

        Assert.True(report.Frames >= 19_000, $"{report.Frames} frames");
        Assert.Equal(report.Frames, report.FramesOut);
        Assert.Equal(0, report.PeakHeldBytes);
        Assert.True(report.FrameBytesMean > 1200, $"{report.FrameBytesMean} bytes a frame");
        Assert.True(report.P50Microseconds > 0 && report.P50Microseconds <= report.P99Microseconds && report.P99Microseconds <= report.MaxMicroseconds,
            $"p50 {report.P50Microseconds}, p99 {report.P99Microseconds}, max {report.MaxMicroseconds}");
        Assert.True(report.AchievedRate > 0);
    }
}
