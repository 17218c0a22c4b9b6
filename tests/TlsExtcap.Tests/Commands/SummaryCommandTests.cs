using System.Text.Json;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Commands;

public class SummaryCommandTests
{
    private static readonly string Capture = Cli.Data("seed", "capture.pcap");
    private static readonly string KeyLog = Cli.Data("seed", "keylog.txt");

    [Fact]
    public void Summary_SeedJson_MatchesAcceptanceCase()
    {
        var (code, stdout, stderr) = Cli.Run("summary", Capture, "--keylog", KeyLog, "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var connection = Assert.Single(doc.RootElement.GetProperty("connections").EnumerateArray());
        Assert.Equal("tcp", connection.GetProperty("transport").GetString());
        Assert.Equal("127.0.0.1:50400", connection.GetProperty("client").GetString());
        Assert.Equal("127.0.0.1:8443", connection.GetProperty("server").GetString());
        Assert.Equal("TLS 1.3", connection.GetProperty("version").GetString());
        Assert.Equal("TLS_AES_256_GCM_SHA384", connection.GetProperty("cipher_suite").GetString());
        Assert.Equal("decrypted", connection.GetProperty("status").GetString());
        Assert.Equal("none", connection.GetProperty("early_data").GetString());
        Assert.False(connection.GetProperty("resumed").GetBoolean());
        Assert.False(connection.GetProperty("hello_retry_request").GetBoolean());
        var c2s = connection.GetProperty("client_to_server");
        Assert.Equal(4, c2s.GetProperty("app_data_bytes").GetInt64());
        Assert.Equal(1, c2s.GetProperty("app_data_records").GetInt64());
        Assert.Equal(1, c2s.GetProperty("app_data_records_decrypted").GetInt64());
        Assert.Equal(0, c2s.GetProperty("app_data_records_failed").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Convert.FromHexString("deadbeef"))),
            c2s.GetProperty("app_data_sha256").GetString());
        Assert.Empty(c2s.GetProperty("failures").EnumerateArray());
        Assert.Equal(0, connection.GetProperty("server_to_client").GetProperty("app_data_bytes").GetInt64());
    }

    [Fact]
    public void Summary_NoKeys_ExitsZeroWithNoKeysStatus()
    {
        var (code, stdout, _) = Cli.Run("summary", Capture, "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var connection = Assert.Single(doc.RootElement.GetProperty("connections").EnumerateArray());
        Assert.Equal("no_keys", connection.GetProperty("status").GetString());
        Assert.Equal("no_keys", connection.GetProperty("client_to_server").GetProperty("failures")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public void Summary_Table_NamesConnectionAndSuite()
    {
        var (code, stdout, _) = Cli.Run("summary", Capture, "--keylog", KeyLog);

        Assert.Equal(0, code);
        Assert.Contains("127.0.0.1:50400 -> 127.0.0.1:8443  [decrypted]", stdout);
        Assert.Contains("TLS 1.3  TLS_AES_256_GCM_SHA384", stdout);
    }

    [Fact]
    public void Summary_MissingCapture_ExitsTwoNamingFile()
    {
        var (code, _, stderr) = Cli.Run("summary", "/nonexistent/x.pcap");

        Assert.Equal(2, code);
        Assert.Contains("x.pcap", stderr);
    }

    [Fact]
    public void Summary_GarbageCapture_ExitsTwo()
    {
        string path = Path.GetTempFileName();
        File.WriteAllBytes(path, System.Text.Encoding.ASCII.GetBytes("this is not a capture file at all"));
        try
        {
            var (code, _, stderr) = Cli.Run("summary", path);
            Assert.Equal(2, code);
            Assert.Contains(Path.GetFileName(path), stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Summary_TruncatedCapture_ReportsWhatWasReadAndExitsTwo()
    {
        string path = Path.GetTempFileName();
        byte[] full = File.ReadAllBytes(Capture);
        File.WriteAllBytes(path, full[..(full.Length - 10)]);
        try
        {
            var (code, stdout, stderr) = Cli.Run("summary", path, "--keylog", KeyLog, "--json");
            Assert.Equal(2, code);
            Assert.NotEmpty(stderr);
            using var doc = JsonDocument.Parse(stdout);
            Assert.Single(doc.RootElement.GetProperty("connections").EnumerateArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Summary_BinaryNoiseKeyLog_SkipsLinesAndExitsZero()
    {
        string path = Path.GetTempFileName();
        var noise = new byte[4096];
        new Random(42).NextBytes(noise);
        File.WriteAllBytes(path, noise);
        try
        {
            var (code, stdout, _) = Cli.Run("summary", Capture, "--keylog", path, "--json");
            Assert.Equal(0, code);
            Assert.Contains("\"no_keys\"", stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Summary_MissingKeyLog_ExitsTwo()
    {
        var (code, _, stderr) = Cli.Run("summary", Capture, "--keylog", "/nonexistent/keys.txt");

        Assert.Equal(2, code);
        Assert.Contains("keys.txt", stderr);
    }

    [Theory]
    [InlineData("unknown option", new[] { "summary", "x.pcap", "--no-such-option" })]
    [InlineData("missing capture", new[] { "summary" })]
    [InlineData("unknown command", new[] { "frobnicate" })]
    public void Run_BadUsage_ExitsOne(string label, string[] args)
    {
        Assert.NotNull(label);
        var (code, _, _) = Cli.Run(args);
        Assert.Equal(1, code);
    }

    [Fact]
    public void Summary_BadPskHex_ExitsOne()
    {
        var (code, _, stderr) = Cli.Run("summary", Capture, "--psk", "xyz");

        Assert.Equal(1, code);
        Assert.Contains("--psk", stderr);
    }

    [Fact]
    public void Summary_PcapngBlockClaimingHugeLength_ExitsTwoWithoutAllocating()
    {
        string path = Path.GetTempFileName();
        // SHB (28 bytes, little-endian), then a block header claiming 0x7ffffff0 bytes.
        byte[] shb = Convert.FromHexString("0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000");
        byte[] huge = Convert.FromHexString("06000000f0ffff7f");
        File.WriteAllBytes(path, [.. shb, .. huge, .. new byte[64]]);
        try
        {
            long before = GC.GetTotalAllocatedBytes();
            var (code, _, stderr) = Cli.Run("summary", path);
            Assert.Equal(2, code);
            Assert.Contains(Path.GetFileName(path), stderr);
            Assert.True(GC.GetTotalAllocatedBytes() - before < 64 << 20, "the claimed length was allocated");
        }
        finally
        {
            File.Delete(path);
        }
    }
    [Theory]
    [InlineData("http", "http1")]
    [InlineData("http", "http2")]
    [InlineData("seed", null)]
    public void Summary_SeveralThreads_SameJsonAsOne(string folder, string? name)
    {
        string capture = name is null ? Capture : Cli.Data(folder, name + ".pcapng");
        string keyLog = name is null ? KeyLog : Cli.Data(folder, name + ".keylog");
        var (code1, one, stderr1) = Cli.Run("summary", capture, "--keylog", keyLog, "--json", "--threads", "1");
        var (code3, three, stderr3) = Cli.Run("summary", capture, "--keylog", keyLog, "--json", "--threads", "3");

        Assert.True(code1 == 0, stderr1);
        Assert.True(code3 == 0, stderr3);
        Assert.Contains("\"connections\"", one);
        Assert.Equal(one, three);
    }

    [Fact]
    public void Summary_ThreadsOutOfRange_UsageError()
    {
        var (code, _, stderr) = Cli.Run("summary", Capture, "--threads", "0");

        Assert.Equal(1, code);
        Assert.Contains("--threads must be between 1 and 64", stderr);
    }
}
