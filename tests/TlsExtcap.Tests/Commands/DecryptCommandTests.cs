using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Commands;

public class DecryptCommandTests
{
    [Fact]
    public void Decrypt_ExportStreams_WritesClientDataFileWithSafeName()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tlsextcap-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, stderr) = Cli.Run("decrypt", Cli.Data("seed", "capture.pcap"), "--keylog", Cli.Data("seed", "keylog.txt"), "--export-streams", dir);

            Assert.True(code == 0, stderr);
            Assert.Contains("1 TLS connection(s), 1 fully decrypted", stdout);
            string file = Assert.Single(Directory.GetFiles(dir));
            Assert.Equal("0001_127.0.0.1_50400-127.0.0.1_8443.c2s.bin", Path.GetFileName(file));
            Assert.Equal(Convert.FromHexString("deadbeef"), File.ReadAllBytes(file));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}

public class DecryptToPcapngTests
{
    [Theory]
    [InlineData("keys")]
    [InlineData("plaintext")]
    [InlineData("pdu")]
    public void Decrypt_OutputMode_WritesReadablePcapng(string mode)
    {
        string output = Path.Combine(Path.GetTempPath(), $"tlsextcap-{mode}-{Guid.NewGuid():N}.pcapng");
        try
        {
            var (code, stdout, stderr) = Cli.Run("decrypt", Cli.Data("seed", "capture.pcap"), "--keylog", Cli.Data("seed", "keylog.txt"), "-o", output, "--mode", mode);

            Assert.True(code == 0, stderr);
            Assert.Contains($"({mode} mode)", stdout);
            using var reader = TlsExtcap.Core.Capture.CaptureReader.Open(output);
            bool sawDeadBeef = false, sawSecrets = false;
            while (reader.TryRead(out var record))
            {
                sawSecrets |= record.Kind == TlsExtcap.Core.Capture.CaptureRecordKind.DecryptionSecrets;
                sawDeadBeef |= record.Data.Span.IndexOf(Convert.FromHexString("deadbeef")) >= 0;
            }

            // keys mode carries the ciphertext and a DSB; the other modes carry the plaintext.
            Assert.Equal(mode == "keys", sawSecrets);
            Assert.Equal(mode != "keys", sawDeadBeef);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Decrypt_NeitherOutput_ExitsOne()
    {
        var (code, _, stderr) = Cli.Run("decrypt", Cli.Data("seed", "capture.pcap"));

        Assert.Equal(1, code);
        Assert.Contains("--export-streams", stderr);
    }

    [Theory]
    [InlineData("keys")]
    [InlineData("plaintext")]
    public void Decrypt_ThreeThreads_SameFileAndSummaryAsOne(string mode)
    {
        string one = Path.Combine(Path.GetTempPath(), $"tlsextcap-one-{Guid.NewGuid():N}.pcapng");
        string three = Path.Combine(Path.GetTempPath(), $"tlsextcap-three-{Guid.NewGuid():N}.pcapng");
        try
        {
            string[] common = ["decrypt", Cli.Data("http", "http2.pcapng"), "--keylog", Cli.Data("http", "http2.keylog"), "--mode", mode];
            var first = Cli.Run([.. common, "-o", one, "--threads", "1"]);
            var lanes = Cli.Run([.. common, "-o", three, "--threads", "3"]);

            Assert.True(first.Code == 0 && lanes.Code == 0, first.Stderr + lanes.Stderr);
            Assert.Equal(first.Stdout.Replace(one, "OUT"), lanes.Stdout.Replace(three, "OUT"));
            Assert.Contains("1 TLS connection(s)", lanes.Stdout);
            Assert.Equal(Convert.ToHexString(File.ReadAllBytes(one)), Convert.ToHexString(File.ReadAllBytes(three)));
        }
        finally
        {
            File.Delete(one);
            File.Delete(three);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    public void Decrypt_ThreadsOutOfRange_UsageError(string threads)
    {
        var (code, _, stderr) = Cli.Run("decrypt", Cli.Data("seed", "capture.pcap"), "-o", "-", "--threads", threads);

        Assert.NotEqual(0, code);
        Assert.Contains("--threads must be between 1 and 64", stderr);
    }
}
