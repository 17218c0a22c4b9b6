using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TlsExtcap.Tests.Support;

/// <summary>
/// A <c>tshark -i tls-live</c> capture on loopback for one TCP port, through the extcap installed in the
/// <see cref="Tshark"/> fixture's HOME, with the extcap's log in a file the test watches and its own
/// XDG_RUNTIME_DIR — so its key channel is the only one <c>tlsinject</c> sees, whatever else runs on the
/// machine. Also starts the local OpenSSL server. Every process it starts is killed (by id) on Dispose.
/// </summary>
internal sealed class LiveCapture : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Tshark _tshark;
    private readonly List<Process> _processes = [];
    private readonly StringBuilder _tsharkErrors = new();
    private readonly Process _capture;

    public LiveCapture(Tshark tshark, string name, int keyWaitSeconds)
    {
        _tshark = tshark;
        Folder = tshark.Temp($"{name}-{Guid.NewGuid():N}");
        RuntimeFolder = Path.Combine(Folder, "run");
        Directory.CreateDirectory(RuntimeFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Port = FreePort();
        Output = Path.Combine(Folder, "out.pcapng");
        ExtcapLog = Path.Combine(Folder, "extcap.log");
        _capture = Start("tshark", "-i", "tls-live", "-o", "extcap.tls_live.interface:lo", "-o", $"extcap.tls_live.keywait:{keyWaitSeconds}",
            "-o", $"extcap.tls_live.logfile:{ExtcapLog}", "-o", "extcap.tls_live.loglevel:info", "-f", $"tcp port {Port}", "-w", Output);
        _capture.ErrorDataReceived += (_, e) =>
        {
            lock (_tsharkErrors)
            {
                _tsharkErrors.AppendLine(e.Data);
            }
        };
        _capture.BeginErrorReadLine();
        _ = _capture.StandardOutput.ReadToEndAsync();
        // The extcap's dumpcap captures lo once it says so; the key channel is created right after.
        WaitForLog("dumpcap: Capturing on");
        WaitForLog("Key channel /");
    }

    public string Folder { get; }

    /// <summary>The XDG_RUNTIME_DIR of the capture and of every program the test starts through <see cref="Start"/>.</summary>
    public string RuntimeFolder { get; }

    public int Port { get; }

    public string Output { get; }

    public string ExtcapLog { get; }

    public string Log => File.Exists(ExtcapLog) ? ReadShared(ExtcapLog) : string.Empty;

    /// <summary>Starts a program with the test's HOME and XDG_RUNTIME_DIR and no SSLKEYLOGFILE; stdout and stderr are collected.</summary>
    public Process Start(string program, params string[] args)
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
        start.Environment["XDG_RUNTIME_DIR"] = RuntimeFolder;
        start.Environment.Remove("SSLKEYLOGFILE");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    /// <summary>Runs a program to its end; returns its exit code and output.</summary>
    public (int Code, string Stdout, string Stderr) Run(string program, params string[] args)
    {
        var process = Start(program, args);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Patience))
        {
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary><c>openssl s_server -www</c> on <see cref="Port"/> with a fresh self-signed P-256 certificate; returns once it accepts.</summary>
    public void StartServer()
    {
        string key = Path.Combine(Folder, "key.pem");
        string cert = Path.Combine(Folder, "cert.pem");
        var (code, _, error) = Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost");
        Assert.True(code == 0, error);
        var server = Start("openssl", "s_server", "-accept", Port.ToString(), "-cert", cert, "-key", key, "-www");
        _ = server.StandardError.ReadToEndAsync();
        // s_server prints ACCEPT once it listens.
        var accepted = Task.Run(() =>
        {
            string? line;
            while ((line = server.StandardOutput.ReadLine()) is not null)
            {
                if (line.Contains("ACCEPT", StringComparison.Ordinal))
                {
                    _ = server.StandardOutput.ReadToEndAsync();
                    return true;
                }
            }

            return false;
        });
        Assert.True(accepted.Wait(Patience) && accepted.Result, "openssl s_server did not start");
    }

    /// <summary>Waits until the extcap's log holds <paramref name="text"/>.</summary>
    public void WaitForLog(string text)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (Log.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            if (_capture.HasExited)
            {
                break;
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException($"'{text}' not in the extcap log:\n{Log}\ntshark:\n{TsharkErrors}");
    }

    /// <summary>Stops the capture as Ctrl+C would (tshark stops the extcap with SIGTERM) and waits for the file.</summary>
    public void Stop()
    {
        // What the extcap wrote last must reach dumpcap's file before the stop.
        Thread.Sleep(1000);
        using (var signal = Process.Start("kill", ["-INT", _capture.Id.ToString()]))
        {
            signal.WaitForExit();
        }

        Assert.True(_capture.WaitForExit(Patience), "tshark did not stop");
        Assert.True(File.Exists(Output), $"no capture written: {TsharkErrors}");
    }

    public void Dispose()
    {
        lock (_processes)
        {
            foreach (var process in _processes)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit(5000);
                    }
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }

                process.Dispose();
            }
        }
    }

    private string TsharkErrors
    {
        get
        {
            lock (_tsharkErrors)
            {
                return _tsharkErrors.ToString();
            }
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
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
