using System.Text.Json;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Commands;

/// <summary>
/// <c>tlsextcap explain</c>: snapshot tests of the text for the seed session (TLS 1.3) and a TLS 1.2 ECDHE
/// connection — each read against RFC 8446 / RFC 5246 when it was made — and the JSON contract. To accept a
/// deliberate change, run with TLSEXTCAP_UPDATE_SNAPSHOTS=1 and review the diff of TestData/snapshots.
/// </summary>
public sealed class ExplainCommandTests
{
    public static TheoryData<string, string, string> Snapshots() => new()
    {
        { "seed.explain.txt", "seed/capture.pcap", "seed/keylog.txt" },
        { "tls12-ecdhe-aes128gcm.explain.txt", "tls12/tls12-ecdhe-aes128gcm.pcapng", "tls12/tls12-ecdhe-aes128gcm.keylog" },
    };

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void Explain_Text_MatchesTheReviewedSnapshot(string snapshot, string capture, string keyLog)
    {
        var (code, stdout, stderr) = Cli.Run("explain", Cli.Data(capture.Split('/')), "--keylog", Cli.Data(keyLog.Split('/')));
        Assert.True(code == 0, stderr);
        string path = Cli.Data("snapshots", snapshot);
        if (Environment.GetEnvironmentVariable("TLSEXTCAP_UPDATE_SNAPSHOTS") == "1")
        {
            string source = Path.Combine(RepositoryRoot(), "tests", "TlsExtcap.Tests", "TestData", "snapshots", snapshot);
            File.WriteAllText(source, stdout);
            return;
        }

        string[] expected = File.ReadAllText(path).Split('\n');
        string[] actual = stdout.Split('\n');
        for (int i = 0; i < Math.Min(expected.Length, actual.Length); i++)
        {
            Assert.True(expected[i] == actual[i], $"{snapshot} line {i + 1}:\n expected: {expected[i]}\n actual:   {actual[i]}");
        }

        Assert.Equal(expected.Length, actual.Length);
    }

    [Fact]
    public void Explain_Json_EveryNodeHasTheContractFields()
    {
        var (code, stdout, _) = Cli.Run("explain", Cli.Data("seed", "capture.pcap"), "--keylog", Cli.Data("seed", "keylog.txt"), "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        int nodes = 0;
        foreach (var frame in json.RootElement.GetProperty("frames").EnumerateArray())
        {
            var sources = frame.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("hex").GetString()!);
            foreach (var node in frame.GetProperty("nodes").EnumerateArray())
            {
                nodes += Check(node, sources, frame.GetProperty("frame").GetInt64());
            }
        }

        Assert.True(nodes > 500, $"{nodes} nodes");
    }

    [Fact]
    public void Explain_FrameAndConnectionFilters_NarrowTheOutput()
    {
        var (_, stdout, _) = Cli.Run("explain", Cli.Data("seed", "capture.pcap"), "--keylog", Cli.Data("seed", "keylog.txt"), "--frame", "16", "--json");
        using var json = JsonDocument.Parse(stdout);
        var frames = json.RootElement.GetProperty("frames").EnumerateArray().ToList();
        var frame = Assert.Single(frames);
        Assert.Equal(16, frame.GetProperty("frame").GetInt64());
        Assert.Contains("\"hex\":\"deadbeef\"", stdout, StringComparison.Ordinal);
        var (_, none, _) = Cli.Run("explain", Cli.Data("seed", "capture.pcap"), "--connection", "2");
        Assert.Equal("No TLS records found.", none.Trim());
    }

    [Fact]
    public void Explain_MissingCapture_ExitsWith2()
    {
        var (code, _, stderr) = Cli.Run("explain", "/nonexistent.pcap");
        Assert.Equal(2, code);
        Assert.Contains("no such file", stderr, StringComparison.Ordinal);
    }

    private static int Check(JsonElement node, Dictionary<string, string> sources, long frame)
    {
        foreach (string field in new[] { "name", "source", "offset", "length", "hex", "value", "text", "severity", "children" })
        {
            Assert.True(node.TryGetProperty(field, out _), $"node without {field}");
        }

        int offset = node.GetProperty("offset").GetInt32();
        int length = node.GetProperty("length").GetInt32();
        string hex = node.GetProperty("hex").GetString()!;
        Assert.Equal(length * 2, hex.Length);
        var source = node.GetProperty("source");
        if (source.ValueKind == JsonValueKind.Number)
        {
            Assert.Equal(frame, source.GetInt64());
        }
        else
        {
            // A non-frame source is listed with its bytes; the node's hex is a slice of them.
            string bytes = sources[source.GetString()!];
            Assert.Equal(bytes.Substring(offset * 2, length * 2), hex);
        }

        int count = 1;
        foreach (var child in node.GetProperty("children").EnumerateArray())
        {
            count += Check(child, sources, frame);
        }

        return count;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TlsExtcap.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
