using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Extcap;
using TlsExtcap.Limits;
using TlsExtcap.Output;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>
/// <c>--keylog-out</c>: a key-log line that arrives for a connection whose frames already went out
/// (released after its key wait, or never held) is appended to that file, created 0600, so that the
/// saved capture opened with it — a later reload — still decrypts.
/// </summary>
public class LateKeysTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly string Seed = Cli.Data("seed", "capture.pcap");
    private static readonly string SeedKeyLog = Cli.Data("seed", "keylog.txt");

    [Fact]
    public void Run_KeysArriveAfterTheConnectionWasReleased_AppendedAndTsharkDecryptsWithThem()
    {
        string dir = Directory.CreateTempSubdirectory("tlsextcap-late-").FullName;
        try
        {
            string keyLog = Path.Combine(dir, "keys.txt");
            string lateKeys = Path.Combine(dir, "late.txt");
            string saved = Path.Combine(dir, "out.pcapng");
            File.WriteAllText(keyLog, string.Empty);
            var keys = new KeyStore();
            var follower = new KeyLogFollower(keyLog, keys);
            using var source = new GatedStream(File.ReadAllBytes(Seed));
            CaptureSession session;
            using (var output = File.Create(saved))
            using (var keyLogOut = KeyLogOutput.Open(lateKeys, keys))
            using (var frames = new KeysModeOutput(output))
            using (session = new CaptureSession(keys, [follower], frames, TimeSpan.FromMilliseconds(300), Serilog.Core.Logger.None, null, keyLogOut))
            using (var reader = CaptureReader.Open(source, "live"))
            {
                var application = Task.Run(() =>
                {
                    // The capture is still running; every frame is out (the connection was released
                    // without keys). Only now does the application write its key log.
                    WaitUntil(() => session.FramesWritten == 20 && session.Waiting == 0, "the connection to be released");
                    File.AppendAllText(keyLog, File.ReadAllText(SeedKeyLog));
                    WaitUntil(() => keyLogOut.LinesWritten == 5, "the late lines to be appended");
                    source.End();
                });
                session.Run(reader, originalPace: false, CancellationToken.None);
                application.Wait();
            }

            Assert.Equal(OwnerOnly, File.GetUnixFileMode(lateKeys));
            Assert.Equal(File.ReadAllLines(SeedKeyLog).Order(), File.ReadAllLines(lateKeys).Order());
            // The keys came too late for the stream: no DSB in it, and tshark cannot decrypt it alone...
            Assert.DoesNotContain(CaptureBlocks.Read(File.ReadAllBytes(saved)), b => b.Kind == CaptureRecordKind.DecryptionSecrets);
            Assert.Equal(string.Empty, Programs.TsharkFollowTls(saved, keyLog: null));
            // ...but with the late keys file it does.
            Assert.Equal("deadbeef", Programs.TsharkFollowTls(saved, lateKeys));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Run_KeysKnownBeforeTheConnection_NothingAppended()
    {
        string lateKeys = Path.Combine(Path.GetTempPath(), $"tlsextcap-late-{Guid.NewGuid():N}.txt");
        try
        {
            var keys = new KeyStore();
            keys.AddRange(KeyLogParser.Parse(File.ReadAllBytes(SeedKeyLog), "seed").Entries);
            using (var keyLogOut = KeyLogOutput.Open(lateKeys, keys))
            using (var frames = new KeysModeOutput(new MemoryStream()))
            using (var session = new CaptureSession(keys, [], frames, TimeSpan.FromSeconds(5), Serilog.Core.Logger.None, null, keyLogOut))
            using (var reader = CaptureReader.Open(Seed))
            {
                session.Run(reader, originalPace: false, CancellationToken.None);
                Assert.Equal(0, keyLogOut.LinesWritten);
            }

            Assert.Equal(0, new FileInfo(lateKeys).Length);
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(lateKeys));
        }
        finally
        {
            File.Delete(lateKeys);
        }
    }

    [Fact]
    public void Decrypt_SecretsBlockAfterTheFrames_LinesAppendedAndTheyDecrypt()
    {
        string dir = Directory.CreateTempSubdirectory("tlsextcap-late-").FullName;
        try
        {
            string capture = WriteSeedWithTrailingSecrets(Path.Combine(dir, "late-dsb.pcapng"));
            string output = Path.Combine(dir, "out.pcapng");
            string lateKeys = Path.Combine(dir, "late.txt");
            var (code, stdout, stderr) = Cli.Run("decrypt", capture, "-o", output, "--keylog-out", lateKeys);

            Assert.True(code == 0, stderr);
            Assert.Contains("5 late key-log line(s) appended to", stdout);
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(lateKeys));
            Assert.Equal(File.ReadAllLines(SeedKeyLog).Order(), File.ReadAllLines(lateKeys).Order());
            Assert.Equal("deadbeef", Programs.TsharkFollowTls(output, lateKeys));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Extcap_SecretsBlockAfterTheFrames_KeyLogOutFromTheConfigIsWritten()
    {
        string dir = Directory.CreateTempSubdirectory("tlsextcap-late-").FullName;
        try
        {
            string capture = WriteSeedWithTrailingSecrets(Path.Combine(dir, "late-dsb.pcapng"));
            string lateKeys = Path.Combine(dir, "late.txt");
            using var fifo = new Fifo();
            var stderr = new StringWriter();
            int code = ExtcapRunner.Run(["--capture", "--extcap-interface", "tls-replay", "--fifo", fifo.Path, "--file", capture,
                "--key-wait", "0", "--keylog-out", lateKeys], new StringWriter(), stderr);

            Assert.Equal(0, code);
            Assert.Equal(string.Empty, stderr.ToString());
            Assert.Equal(20, CaptureBlocks.Packets(fifo.Received(TimeSpan.FromSeconds(20))).Count);
            Assert.Equal(5, File.ReadAllLines(lateKeys).Length);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Decrypt_KeyLogOutInMissingFolder_ExitThreeNamingTheFile()
    {
        string output = Path.Combine(Path.GetTempPath(), $"tlsextcap-{Guid.NewGuid():N}.pcapng");
        var (code, _, stderr) = Cli.Run("decrypt", Seed, "-o", output, "--keylog-out", "/nonexistent/folder/late.txt");

        Assert.Equal(3, code);
        Assert.Contains("/nonexistent/folder/late.txt: cannot write: the path cannot be written", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Decrypt_KeyLogOutOnAFullDisk_ExitThreeAfterTheCapture()
    {
        string dir = Directory.CreateTempSubdirectory("tlsextcap-late-").FullName;
        try
        {
            string capture = WriteSeedWithTrailingSecrets(Path.Combine(dir, "late-dsb.pcapng"));
            string output = Path.Combine(dir, "out.pcapng");
            var (code, _, stderr) = Cli.Run("decrypt", capture, "-o", output, "--keylog-out", "/dev/full");

            Assert.Equal(3, code);
            Assert.Contains("/dev/full: cannot write: no space left on the device (0 key-log lines before the error", stderr);
            // The capture itself was written whole.
            Assert.Equal(20, CaptureBlocks.Packets(File.ReadAllBytes(output)).Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Decrypt_KeyLogOutWithExportStreams_UsageError()
    {
        var (code, _, stderr) = Cli.Run("decrypt", Seed, "--export-streams", Path.GetTempPath(), "--keylog-out", "/tmp/x");

        Assert.Equal(1, code);
        Assert.Contains("--keylog-out goes with -o", stderr);
    }

    /// <summary>The seed's packets, then a Decryption Secrets Block with its key log: keys that reach the stream after the frames.</summary>
    internal static string WriteSeedWithTrailingSecrets(string path)
    {
        using var file = File.Create(path);
        using var writer = new PcapngWriter(file);
        int id = writer.AddInterface(LinkType.Ethernet);
        using (var reader = CaptureReader.Open(Seed))
        {
            while (reader.TryRead(out var record))
            {
                writer.WritePacket(id, record.TimestampNanoseconds, record.Data.Span);
            }
        }

        writer.WriteDecryptionSecrets(CaptureProcessor.TlsKeyLogSecretsType, File.ReadAllBytes(SeedKeyLog));
        return path;
    }

    internal static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Thread.Sleep(20);
        }
    }
}
