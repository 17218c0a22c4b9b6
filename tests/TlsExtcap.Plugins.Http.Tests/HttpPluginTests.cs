using System.Text.Json;
using TlsExtcap.Commands;

namespace TlsExtcap.Plugins.Http.Tests;

/// <summary>The sample plugin, loaded the way users load it: from a plugins folder given to <c>tlsextcap explain --plugins</c>.</summary>
public sealed class HttpPluginTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tlsextcap-plugin-" + Guid.NewGuid().ToString("N"));

    public HttpPluginTests()
    {
        Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TlsExtcap.Plugins.Http.dll"), Path.Combine(_folder, "TlsExtcap.Plugins.Http.dll"));
        File.SetUnixFileMode(Path.Combine(_folder, "TlsExtcap.Plugins.Http.dll"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Explain_WithPlugin_AnnotatesTheHttpRequest()
    {
        var (code, stdout, stderr) = Explain("--plugins", _folder, "--json");
        Assert.True(code == 0, stderr);
        var nodes = Nodes(stdout);
        var request = Assert.Single(nodes, n => n.GetProperty("name").GetString() == "HTTP Request");
        Assert.Equal("GET /hello-http1 HTTP/1.1", request.GetProperty("value").GetString());
        var method = Assert.Single(nodes, n => n.GetProperty("name").GetString() == "Method");
        Assert.Equal("GET", method.GetProperty("value").GetString());
        Assert.Equal("47455420", method.GetProperty("hex").GetString());
        // The request's bytes are in the decrypted record, not the frame.
        Assert.StartsWith("decrypted:", request.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Contains(nodes, n => n.GetProperty("name").GetString() == "Header: Host");
        Assert.Contains(nodes, n => n.GetProperty("name").GetString() == "HTTP Response");
    }

    [Fact]
    public void Explain_WithoutPlugin_ShowsPlainApplicationData()
    {
        var (code, stdout, _) = Explain("--json");
        Assert.Equal(0, code);
        var nodes = Nodes(stdout);
        Assert.DoesNotContain(nodes, n => n.GetProperty("name").GetString() == "HTTP Request");
        Assert.Contains(nodes, n => n.GetProperty("name").GetString() == "Data");
    }

    [Fact]
    public void Explain_PluginFolderWritableByOthers_IsRefusedWithExitCode2()
    {
        File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite);
        var (code, _, stderr) = Explain("--plugins", _folder);
        Assert.Equal(2, code);
        Assert.Contains("writable by other users", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_MissingPluginFolder_IsAnInputError()
    {
        var (code, _, stderr) = Explain("--plugins", Path.Combine(_folder, "nope"));
        Assert.Equal(2, code);
        Assert.Contains("no such plugins folder", stderr, StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Explain(params string[] extra)
    {
        string data = Path.Combine(AppContext.BaseDirectory, "TestData");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var stream = new MemoryStream();
        string[] args = ["explain", Path.Combine(data, "http1.pcapng"), "--keylog", Path.Combine(data, "http1.keylog"), .. extra];
        int code = CliApp.Run(args, stdout, stderr, stream);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static List<JsonElement> Nodes(string json)
    {
        var list = new List<JsonElement>();
        using var document = JsonDocument.Parse(json);
        foreach (var frame in document.RootElement.GetProperty("frames").EnumerateArray())
        {
            foreach (var node in frame.GetProperty("nodes").EnumerateArray())
            {
                Walk(node.Clone(), list);
            }
        }

        return list;
    }

    private static void Walk(JsonElement node, List<JsonElement> list)
    {
        list.Add(node);
        foreach (var child in node.GetProperty("children").EnumerateArray())
        {
            Walk(child, list);
        }
    }
}
