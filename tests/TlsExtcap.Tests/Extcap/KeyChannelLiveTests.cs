using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>
/// The key channel live on loopback: tshark captures through the extcap, which is given no key log at
/// all; the only way keys reach it is its key channel, found by <c>tlsinject</c> without arguments. The
/// saved capture, read with plain <c>tshark -r</c> and no key preference, shows the decrypted request.
/// </summary>
public class KeyChannelLiveTests : IClassFixture<Tshark>
{
    private static readonly string Tlsinject = Path.Combine(AppContext.BaseDirectory, "tlsinject");

    private readonly Tshark _tshark;

    public KeyChannelLiveTests(Tshark tshark)
    {
        _tshark = tshark;
    }

    [Fact]
    public void Push_KeysOnlyThroughPush_HeldConnectionDecryptedInSavedCapture()
    {
        using var capture = new LiveCapture(_tshark, "push", keyWaitSeconds: 60);
        capture.StartServer();
        // The client's key log is a file the extcap knows nothing about.
        string clientKeys = Path.Combine(capture.Folder, "client-keys.txt");
        var client = capture.Start("openssl", "s_client", "-connect", $"127.0.0.1:{capture.Port}", "-keylogfile", clientKeys, "-quiet");
        client.StandardInput.Write("GET /pushed-keys HTTP/1.0\r\n\r\n");
        client.StandardInput.Flush();
        _ = client.StandardError.ReadToEndAsync();
        string response = client.StandardOutput.ReadToEnd();
        Assert.True(client.WaitForExit(30_000), "openssl s_client did not finish");
        Assert.Contains("HTTP/1.0 200", response);
        capture.WaitForLog("until its keys arrive");

        var (code, stdout, stderr) = capture.Run(Tlsinject, "push", "--keylog", clientKeys);

        Assert.True(code == 0, $"push exited {code}: {stderr}");
        Assert.Matches(@"^pushed 5 key-log lines to capture \d+\s*$", stdout);
        capture.WaitForLog("keys arrived");
        capture.Stop();
        Assert.DoesNotContain("key wait expired", capture.Log);
        Assert.Equal("/pushed-keys", Requests(capture.Output));
    }

    [Fact]
    public void Run_CurlKeyLogIsTheChannel_DecryptedInSavedCaptureAndExitCodeKept()
    {
        using var capture = new LiveCapture(_tshark, "run", keyWaitSeconds: 60);
        capture.StartServer();

        var (code, stdout, stderr) = capture.Run(Tlsinject, "run", "--",
            "curl", "-k", "-sS", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code}", $"https://127.0.0.1:{capture.Port}/run-keys");

        Assert.True(code == 0, $"tlsinject run curl exited {code}: {stderr}");
        Assert.Equal("200", stdout);
        capture.WaitForLog("key-log lines received");
        // Under load the extcap may still be busy with the connection's first frames: wait until the saved
        // file shows the request (the assertion below reads it again once the capture stopped).
        WaitForRequest(capture.Output, "/run-keys");
        capture.Stop();
        Assert.Equal("/run-keys", Requests(capture.Output));
        Assert.DoesNotContain("key wait expired", capture.Log);
        // The stopped capture removed its channel: run now refuses instead of starting curl against nothing.
        Assert.Empty(Directory.GetFiles(Path.Combine(capture.RuntimeFolder, "tlsextcap")));
        var (after, _, afterError) = capture.Run(Tlsinject, "run", "--", "curl", "-k", "-sS", $"https://127.0.0.1:{capture.Port}/");
        Assert.Equal(2, after);
        Assert.Contains("no running TlsExtcap capture", afterError);
    }

    /// <summary>Polls the file tshark is writing until a decrypted request shows (a file still being written may read short).</summary>
    private void WaitForRequest(string capture, string uri)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(capture) && _tshark.Run("-r", capture, "-Y", "http.request", "-T", "fields", "-e", "http.request.uri").Stdout.Contains(uri, StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(250);
        }
    }

    /// <summary>The decrypted HTTP request URIs, read with no key preference (the fixture's empty HOME, no SSLKEYLOGFILE).</summary>
    private string Requests(string capture)
    {
        var (code, stdout, stderr) = _tshark.Run("-r", capture, "-Y", "http.request", "-T", "fields", "-e", "http.request.uri");
        Assert.True(code == 0, stderr);
        return stdout.Trim();
    }
}
