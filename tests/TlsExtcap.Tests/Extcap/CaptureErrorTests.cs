using System.Diagnostics;
using TlsExtcap.Extcap;

namespace TlsExtcap.Tests.Extcap;

public class CaptureErrorTests
{
    [Fact]
    public void Run_MissingReplayFile_StderrThenFifoOpenedAndClosedNonZero()
    {
        string fifo = Path.Combine(Path.GetTempPath(), $"tlsextcap-fifo-{Guid.NewGuid():N}");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        try
        {
            // dumpcap's side: open for reading and read to the end.
            var reader = Task.Run(() =>
            {
                using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Read);
                return stream.ReadByte();
            });
            var stderr = new StringWriter();
            int code = ExtcapRunner.Run(["--capture", "--extcap-interface", "tls-replay", "--fifo", fifo, "--file", "/nonexistent/x.pcap"], new StringWriter(), stderr);

            Assert.NotEqual(0, code);
            Assert.Contains("x.pcap", stderr.ToString());
            Assert.True(reader.Wait(TimeSpan.FromSeconds(10)), "the FIFO was never opened");
            Assert.Equal(-1, reader.Result);
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    [Fact]
    public void Run_ReplayDamagedPartWay_FramesBeforeTheDamageOutThenOneErrorLine()
    {
        string damaged = Path.Combine(Path.GetTempPath(), $"tlsextcap-damaged-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(damaged, File.ReadAllBytes(Support.Cli.Data("seed", "capture.pcap"))[..2000]);
        try
        {
            using var fifo = new Support.Fifo();
            var stderr = new StringWriter();
            int code = ExtcapRunner.Run(["--capture", "--extcap-interface", "tls-replay", "--fifo", fifo.Path, "--file", damaged, "--key-wait", "0"], new StringWriter(), stderr);

            Assert.Equal(2, code);
            Assert.Single(stderr.ToString().Trim().Split('\n'));
            Assert.Contains("Truncated", stderr.ToString());
            Assert.NotEmpty(Support.CaptureBlocks.Packets(fifo.Received(TimeSpan.FromSeconds(10))));
        }
        finally
        {
            File.Delete(damaged);
        }
    }

    [Fact]
    public void Run_ReaderClosesFifoMidCapture_EndsCleanlyWithZero()
    {
        string fifo = Path.Combine(Path.GetTempPath(), $"tlsextcap-fifo-{Guid.NewGuid():N}");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        try
        {
            // dumpcap's side goes away after the first bytes (the user pressed stop).
            var reader = Task.Run(() =>
            {
                using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Read);
                var buffer = new byte[64];
                return stream.Read(buffer);
            });
            string capture = Support.Cli.Data("seed", "capture.pcap");
            var stderr = new StringWriter();
            var run = Task.Run(() => ExtcapRunner.Run(
                ["--capture", "--extcap-interface", "tls-replay", "--fifo", fifo, "--file", capture, "--pace", "original", "--key-wait", "0"],
                new StringWriter(), stderr));

            Assert.True(run.Wait(TimeSpan.FromSeconds(20)), "the extcap did not stop after the FIFO closed");
            Assert.Equal(0, run.Result);
            Assert.True(reader.Result > 0);
            // A normal stop: nothing for Wireshark to show as an error.
            Assert.Equal(string.Empty, stderr.ToString());
        }
        finally
        {
            File.Delete(fifo);
        }
    }
}
