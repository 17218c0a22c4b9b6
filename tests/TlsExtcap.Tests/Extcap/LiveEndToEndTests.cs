using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>
/// tls-live on loopback: a real OpenSSL client talks to a local server while tshark captures through the
/// extcap; the client's key log reaches the watched file only a second after the exchange. The saved
/// capture, opened with no key preference, shows the decrypted HTTP request: the hold-back made the
/// late keys count.
/// </summary>
public class LiveEndToEndTests : IClassFixture<Tshark>
{
    private readonly Tshark _tshark;

    public LiveEndToEndTests(Tshark tshark)
    {
        _tshark = tshark;
    }

    [Fact]
    public void Live_LateKeyLog_SavedCaptureShowsDecryptedRequest()
    {
        string dir = _tshark.Temp($"live-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string keyLog = Path.Combine(dir, "keys.txt");
        string lateKeys = Path.Combine(dir, "late.txt");
        string output = Path.Combine(dir, "out.pcapng");
        int port = FreePort();
        Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", Path.Combine(dir, "key.pem"), "-out", Path.Combine(dir, "cert.pem"), "-days", "2", "-subj", "/CN=localhost");

        var capture = Start("tshark", "-i", "tls-live", "-o", "extcap.tls_live.interface:lo", "-o", $"extcap.tls_live.keylog:{keyLog}",
            "-o", "extcap.tls_live.keywait:20", "-f", $"tcp port {port}", "-a", "duration:9", "-w", output);
        Process? server = null;
        try
        {
            WaitFor(capture, "Capturing on", TimeSpan.FromSeconds(20));
            Thread.Sleep(2000);
            server = Start("openssl", "s_server", "-accept", port.ToString(), "-cert", Path.Combine(dir, "cert.pem"), "-key", Path.Combine(dir, "key.pem"), "-www", "-quiet");
            Thread.Sleep(700);
            var client = Start("openssl", "s_client", "-connect", $"127.0.0.1:{port}", "-keylogfile", lateKeys, "-quiet");
            client.StandardInput.Write("GET /late-keys HTTP/1.0\r\n\r\n");
            client.StandardInput.Flush();
            Assert.True(client.WaitForExit(10_000), "openssl s_client did not finish");
            Thread.Sleep(1000);
            File.Copy(lateKeys, keyLog);
            Assert.True(capture.WaitForExit(60_000), "tshark did not finish");
        }
        finally
        {
            if (server is { HasExited: false })
            {
                server.Kill();
            }

            if (!capture.HasExited)
            {
                capture.Kill(entireProcessTree: true);
            }
        }

        Assert.True(File.Exists(output));
        var (_, requests, _) = _tshark.Run("-r", output, "-Y", "http.request", "-T", "fields", "-e", "http.request.uri");
        Assert.Equal("/late-keys", requests.Trim());
        var (_, dsb, _) = _tshark.Run("-r", output, "-Y", "frame.comment contains \"decrypted\"", "-T", "fields", "-e", "frame.number");
        Assert.NotEmpty(dsb.Trim());
    }

    private Process Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = _tshark.Home;
        var process = Process.Start(start) ?? throw new InvalidOperationException(program);
        _ = process.StandardOutput.ReadToEndAsync();
        return process;
    }

    private void Run(string program, params string[] args)
    {
        var (code, _, stderr) = _tshark.Run(program, args, TimeSpan.FromSeconds(60));
        Assert.True(code == 0, stderr);
    }

    private static void WaitFor(Process process, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = new System.Text.StringBuilder();
        var read = Task.Run(() =>
        {
            string? line;
            while ((line = process.StandardError.ReadLine()) is not null)
            {
                lock (seen)
                {
                    seen.AppendLine(line);
                }
            }
        });
        while (DateTime.UtcNow < deadline)
        {
            lock (seen)
            {
                if (seen.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"'{text}' not seen: {seen}");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
