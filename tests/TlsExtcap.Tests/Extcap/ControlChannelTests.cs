using TlsExtcap.Extcap;

namespace TlsExtcap.Tests.Extcap;

public class ControlChannelTests
{
    [Fact]
    public void Frame_StatusSet_MatchesWiresharkFraming()
    {
        byte[] message = ControlChannel.Frame(0, 1, "ok"u8);

        // 'T', length = payload + 2 (24-bit big-endian), control, command, payload (notes §2.9).
        Assert.Equal(new byte[] { 0x54, 0x00, 0x00, 0x04, 0x00, 0x01, (byte)'o', (byte)'k' }, message);
    }

    [Theory]
    [InlineData("no key channel", false, "3 connections, 1 decrypted, 2 waiting for keys, 0 failed")]
    [InlineData("key channel", true, "3 connections, 1 decrypted, 2 waiting for keys, 0 failed; push keys: tlsinject push --capture 4242")]
    public void StatusText_KeyChannel_AnnouncedWithProcessId(string caseName, bool hasKeyChannel, string expected)
    {
        string text = ControlChannel.StatusText((3, 1, 2, 0), hasKeyChannel, 4242);

        Assert.True(expected == text, $"{caseName}: {text}");
    }
}

public class ControlChannelPipeTests
{
    [Fact]
    public void Channel_ReloadButtonAndStatus_OverRealFifos()
    {
        string dir = Directory.CreateTempSubdirectory("tlsextcap-control-").FullName;
        string controlIn = Path.Combine(dir, "in");
        string controlOut = Path.Combine(dir, "out");
        foreach (string fifo in new[] { controlIn, controlOut })
        {
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo);
            mkfifo.WaitForExit();
        }

        try
        {
            var keys = new TlsExtcap.Core.Keys.KeyStore();
            using var output = new MemoryStream();
            using var frames = new KeysModeOutput(output);
            using var session = new CaptureSession(keys, [], frames, TimeSpan.Zero, Serilog.Core.Logger.None);
            // Wireshark's side: it writes control-in and reads control-out.
            var wireshark = Task.Run(() =>
            {
                using var toExtcap = new FileStream(controlIn, FileMode.Open, FileAccess.Write);
                toExtcap.Write(ControlChannel.Frame(0, 0, []));
                toExtcap.Write(ControlChannel.Frame(1, 1, []));
                toExtcap.Flush();
                using var fromExtcap = new FileStream(controlOut, FileMode.Open, FileAccess.Read);
                var header = new byte[6];
                fromExtcap.ReadExactly(header);
                var payload = new byte[((header[1] << 16) | (header[2] << 8) | header[3]) - 2];
                fromExtcap.ReadExactly(payload);
                return (header[4], header[5], System.Text.Encoding.UTF8.GetString(payload));
            });
            using var channel = ControlChannel.TryOpen(controlIn, controlOut, session, Serilog.Core.Logger.None)!;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!session.ReloadPending && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            Assert.True(session.ReloadPending, "the Reload keys button did not reach the session");
            channel.UpdateStatus();
            Assert.True(wireshark.Wait(TimeSpan.FromSeconds(10)));
            var (control, command, text) = wireshark.Result;
            Assert.Equal(0, control);
            Assert.Equal(1, command);
            Assert.Equal("0 connections, 0 decrypted, 0 waiting for keys, 0 failed", text);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
