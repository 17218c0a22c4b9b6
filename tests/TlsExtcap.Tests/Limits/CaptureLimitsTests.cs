using TlsExtcap.Extcap;
using TlsExtcap.Limits;
using TlsExtcap.Load.Synthetic;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Limits;

public class CaptureLimitsTests
{
    [Fact]
    public void TryRead_NothingGiven_Defaults()
    {
        Assert.True(CaptureLimits.TryRead(_ => null, out var limits, out string? error));
        Assert.Null(error);
        Assert.Equal(CaptureLimits.Default, limits);
        Assert.Equal(4L << 20, limits.MaxHeldBytes);
        Assert.Equal(128L << 20, limits.MaxHeldTotalBytes);
        Assert.Equal(1 << 20, limits.MaxHandshakeBytes);
        Assert.Equal(16 << 20, limits.MaxReassemblyBytes);
        Assert.Equal(64, limits.MaxTrialRecords);
    }

    [Fact]
    public void TryRead_EveryOption_ReachesTheEngineOptions()
    {
        var given = new Dictionary<string, string>
        {
            ["--max-held-bytes"] = "1M", ["--max-held-total"] = "2M", ["--max-handshake-bytes"] = "64K",
            ["--max-reassembly-bytes"] = "128K", ["--max-trial-records"] = "7",
        };
        Assert.True(CaptureLimits.TryRead(name => given.GetValueOrDefault(name), out var limits, out _));

        var engine = limits.ToEngineOptions(hashApplicationData: false);
        Assert.Equal((1L << 20, 2L << 20), (limits.MaxHeldBytes, limits.MaxHeldTotalBytes));
        Assert.Equal(64 * 1024, engine.MaxHandshakeMessageLength);
        Assert.Equal(128 * 1024, engine.MaxReassemblyBytes);
        Assert.Equal(7, engine.MaxTrialWindow);
        Assert.False(engine.HashApplicationData);
    }

    [Theory]
    [InlineData("not a size", "--max-held-bytes", "lots", "--max-held-bytes 'lots' must be a size such as 64K or 4M from 0 to 1G")]
    [InlineData("below the minimum", "--max-handshake-bytes", "1K", "--max-handshake-bytes '1K' must be a size such as 64K or 4M from 4K to 16M")]
    [InlineData("above the maximum", "--max-reassembly-bytes", "2G", "--max-reassembly-bytes '2G' must be a size such as 64K or 4M from 64K to 1G")]
    [InlineData("count with a suffix", "--max-trial-records", "4K", "--max-trial-records '4K' must be a whole number from 0 to 4096")]
    public void TryRead_BadValue_ErrorNamesOptionValueAndRange(string label, string option, string value, string expected)
    {
        Assert.NotNull(label);
        Assert.False(CaptureLimits.TryRead(name => name == option ? value : null, out _, out string? error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Summary_LimitOutOfRange_UsageErrorNamingTheOption()
    {
        var (code, _, stderr) = Cli.Run("summary", Cli.Data("seed", "capture.pcap"), "--max-handshake-bytes", "12");

        Assert.Equal(1, code);
        Assert.Contains("--max-handshake-bytes '12' must be a size", stderr);
    }

    [Fact]
    public void Summary_CertificateOverTheHandshakeLimit_ReportedAndNotDecrypted()
    {
        // One synthetic TLS 1.3 connection whose Certificate message is 6 KiB.
        string dir = Directory.CreateTempSubdirectory("tlsextcap-limit-").FullName;
        try
        {
            using var synthetic = new SyntheticTls13Capture(new SyntheticCaptureOptions { Connections = 1, Concurrent = 1, CertificateBytes = 6000 });
            string capture = Path.Combine(dir, "big-certificate.pcapng");
            string keyLog = Path.Combine(dir, "keys.txt");
            using (var file = File.Create(capture))
            using (var stream = new SyntheticCaptureStream(synthetic))
            {
                stream.CopyTo(file);
            }

            using (var writer = File.CreateText(keyLog))
            {
                synthetic.WriteKeyLog(writer);
            }

            var (within, json, _) = Cli.Run("summary", capture, "--keylog", keyLog, "--json", "--max-handshake-bytes", "64K");
            var (over, limited, _) = Cli.Run("summary", capture, "--keylog", keyLog, "--json", "--max-handshake-bytes", "4K");
            json = Compact(json);
            limited = Compact(limited);

            Assert.Equal((0, 0), (within, over));
            Assert.Contains("\"status\":\"decrypted\",\"limit_exceeded\":null", json);
            Assert.Contains("\"limit_exceeded\":\"handshake_size\"", limited);
            Assert.DoesNotContain("\"status\":\"decrypted\"", limited);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Compact(string json) => string.Concat(json.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public void Decrypt_LimitOptions_AreAccepted()
    {
        string output = Path.Combine(Path.GetTempPath(), $"tlsextcap-{Guid.NewGuid():N}.pcapng");
        try
        {
            var (code, stdout, stderr) = Cli.Run("decrypt", Cli.Data("seed", "capture.pcap"), "-o", output,
                "--max-handshake-bytes", "64K", "--max-reassembly-bytes", "1M", "--max-trial-records", "8");

            Assert.True(code == 0, stderr);
            Assert.Contains("20 frame(s) written", stdout);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Extcap_BadLimit_OneErrorLineThenFifoOpenedAndClosed()
    {
        using var fifo = new Fifo();
        var stderr = new StringWriter();
        int code = ExtcapRunner.Run(["--capture", "--extcap-interface", "tls-replay", "--fifo", fifo.Path, "--file", Cli.Data("seed", "capture.pcap"),
            "--max-held-total", "12 MB"], new StringWriter(), stderr);

        Assert.Equal(1, code);
        Assert.Equal("tlsextcap: --max-held-total '12 MB' must be a size such as 64K or 4M from 0 to 16G", stderr.ToString().Trim());
        Assert.Empty(fifo.Received(TimeSpan.FromSeconds(10)));
    }
}
