using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>An HTTP/1.1 and an HTTP/2 capture replayed in every mode show their requests in tshark with no TLS settings.</summary>
public class HttpEndToEndTests : IClassFixture<Tshark>
{
    private readonly Tshark _tshark;

    public HttpEndToEndTests(Tshark tshark)
    {
        _tshark = tshark;
    }

    [Theory]
    [InlineData("http1", "keys", "http.request.uri", "/hello-http1")]
    [InlineData("http1", "plaintext", "http.request.uri", "/hello-http1")]
    [InlineData("http1", "pdu", "http.request.uri", "/hello-http1")]
    [InlineData("http2", "keys", "http2.headers.path", "/hello-http2")]
    [InlineData("http2", "plaintext", "http2.headers.path", "/hello-http2")]
    [InlineData("http2", "pdu", "http2.headers.path", "/hello-http2")]
    public void Replay_HttpCapture_RequestVisibleInEveryMode(string name, string mode, string field, string expected)
    {
        string output = _tshark.Temp($"{name}-{mode}-{Guid.NewGuid():N}.pcapng");
        _tshark.Capture("tls-replay", output,
            $"extcap.tls_replay.file:{Cli.Data("http", name + ".pcapng")}", $"extcap.tls_replay.keylog:{Cli.Data("http", name + ".keylog")}",
            $"extcap.tls_replay.mode:{mode}");

        var args = new List<string> { "-r", output, "-T", "fields", "-e", field, "-Y", field };
        if (name == "http2" && mode == "plaintext")
        {
            // Cleartext HTTP/2 on a non-standard port needs Decode As in Wireshark (no TLS setting involved).
            args.AddRange(["-d", "tcp.port==18442,http2"]);
        }

        var (code, stdout, stderr) = _tshark.Run([.. args]);
        Assert.True(code == 0, stderr);
        Assert.Contains(expected, stdout.Split('\n', StringSplitOptions.TrimEntries));
        if (mode == "plaintext")
        {
            var (_, tls, _) = _tshark.Run("-r", output, "-Y", "tls");
            Assert.Equal(string.Empty, tls.Trim());
        }
    }
}
