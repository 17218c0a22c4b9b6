using System.Diagnostics;

namespace TlsExtcap.KeyInject.Tests.Support;

/// <summary>
/// Runs the real tshark, editcap and mergecap (Debian's 4.0 packages; .ci/run installs them) with an
/// empty HOME and no SSLKEYLOGFILE, so no TLS key preference can help: only the file's own DSBs count.
/// A missing tool fails the test — these tests never skip.
/// </summary>
internal sealed class WiresharkTools : IDisposable
{
    private readonly TempDirectory _home = new();

    public (int Code, string Stdout, string Stderr) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = _home.Path;
        start.Environment["XDG_CONFIG_HOME"] = _home.Path;
        start.Environment.Remove("SSLKEYLOGFILE");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The payload lines of <c>tshark -q -z follow,tls,raw,N</c>: the hex of each decrypted chunk.</summary>
    public string FollowTlsRaw(string capture, int stream = 0)
    {
        var (code, stdout, stderr) = Run("tshark", "-r", capture, "-q", "-z", $"follow,tls,raw,{stream}");
        Assert.True(code == 0, $"tshark exited {code}: {stderr}");
        return stdout;
    }

    public void Dispose() => _home.Dispose();
}
