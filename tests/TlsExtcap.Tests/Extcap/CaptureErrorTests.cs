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
}
