using System.Diagnostics;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>
/// Faults during a capture, with the real executable in its own process (its own signals and
/// environment): SIGTERM while frames are held back flushes them first; dumpcap dying — before its
/// header, mid-capture, or killed mid-block — ends the capture with one clear line on stderr.
/// </summary>
public class CaptureFaultTests
{
    private static readonly string Seed = Cli.Data("seed", "capture.pcap");

    [Fact]
    public void Sigterm_WhileFramesAreHeldBack_HeldFramesFlushedThenCleanExit()
    {
        using var fifo = new Fifo();
        string log = Path.Combine(Path.GetTempPath(), $"tlsextcap-sigterm-{Guid.NewGuid():N}.log");
        try
        {
            // No keys and a long key wait: from its ClientHello on, the connection's 13 frames are held.
            using var process = Process.Start(Programs.Start(Programs.Tlsextcap,
                ["--capture", "--extcap-interface", "tls-replay", "--fifo", fifo.Path, "--file", Seed, "--key-wait", "600", "--log-level", "info", "--log-file", log]))!;
            var stderr = process.StandardError.ReadToEndAsync();
            LateKeysTests.WaitUntil(() => ReadShared(log).Contains("Holding #1"), "the connection to be held back");

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            {
                kill.WaitForExit();
            }

            Assert.True(process.WaitForExit(30_000), "the extcap did not exit after SIGTERM");
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(string.Empty, stderr.Result);
            var packets = CaptureBlocks.Packets(fifo.Received(TimeSpan.FromSeconds(10)));
            Assert.Equal(20, packets.Count);
            Assert.Contains(": capture stopped", ReadShared(log));
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public void Dumpcap_DiesMidCapture_CaptureEndsWithItsMessageAndTheFramesSoFar()
    {
        using var fake = new FakeDumpcap($"cat '{Seed}'\necho 'dumpcap: The network adapter on which the capture was being done is no longer running; the capture has stopped.' >&2\nexit 2");
        using var fifo = new Fifo();
        var (code, _, stderr) = RunLive(fake, fifo);

        Assert.Equal(2, code);
        Assert.Equal("tlsextcap: dumpcap exited with code 2: dumpcap: The network adapter on which the capture was being done is no longer running; the capture has stopped.; the capture ended after 20 frames",
            stderr.Trim());
        Assert.Equal(20, CaptureBlocks.Packets(fifo.Received(TimeSpan.FromSeconds(10))).Count);
    }

    [Fact]
    public void Dumpcap_FailsBeforeItsHeader_ErrorThenFifoOpenedAndClosed()
    {
        using var fake = new FakeDumpcap("echo \"dumpcap: You don't have permission to capture on that device\" >&2\nexit 1");
        using var fifo = new Fifo();
        var (code, _, stderr) = RunLive(fake, fifo);

        Assert.Equal(1, code);
        Assert.Equal("tlsextcap: dumpcap exited with code 1: dumpcap: You don't have permission to capture on that device", stderr.Trim());
        Assert.Empty(fifo.Received(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Dumpcap_KilledMidBlock_CaptureEndsSayingSo()
    {
        using var fake = new FakeDumpcap($"head -c 2000 '{Seed}'\nkill -9 $$");
        using var fifo = new Fifo();
        var (code, _, stderr) = RunLive(fake, fifo);

        Assert.NotEqual(0, code);
        Assert.StartsWith("tlsextcap: dumpcap was killed by signal 9", stderr.Trim());
        Assert.Single(stderr.Trim().Split('\n'));
        // What arrived before the cut went out.
        Assert.NotEmpty(CaptureBlocks.Packets(fifo.Received(TimeSpan.FromSeconds(10))));
    }

    private static (int Code, string Stdout, string Stderr) RunLive(FakeDumpcap fake, Fifo fifo) =>
        Programs.Run(Programs.Tlsextcap, ["--capture", "--extcap-interface", "tls-live", "--interface", "lo", "--fifo", fifo.Path, "--key-wait", "0"],
            TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["TLSEXTCAP_DUMPCAP"] = fake.Path });

    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>A shell script standing in for dumpcap (TLSEXTCAP_DUMPCAP): what it writes and how it ends.</summary>
    private sealed class FakeDumpcap : IDisposable
    {
        public FakeDumpcap(string body)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fake-dumpcap-{Guid.NewGuid():N}.sh");
            File.WriteAllText(Path, "#!/bin/sh\n" + body + "\n");
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
