using System.Diagnostics;

namespace TlsExtcap.Tests.Support;

/// <summary>Runs a program (tshark -r, the tlsextcap executable, tlsextcap-load) as a child process.</summary>
internal static class Programs
{
    /// <summary>The tlsextcap executable built next to the tests (its own process: its own signals and environment).</summary>
    public static string Tlsextcap => Path.Combine(AppContext.BaseDirectory, "tlsextcap");

    public static ProcessStartInfo Start(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
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

        start.Environment.Remove("SSLKEYLOGFILE");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    public static (int Code, string Stdout, string Stderr) Run(string program, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(Start(program, args, environment)) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeout}");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>tshark's follow output of TLS stream 0 as raw hex (empty when nothing was decrypted).</summary>
    public static string TsharkFollowTls(string capture, string? keyLog)
    {
        var args = new List<string> { "-r", capture, "-q", "-z", "follow,tls,raw,0" };
        if (keyLog is not null)
        {
            args.InsertRange(0, ["-o", $"tls.keylog_file:{keyLog}"]);
        }

        var (code, stdout, stderr) = Run("tshark", args, TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"tshark failed: {stderr}");
        return string.Concat(stdout.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('=') && !l.Contains(':')).Select(l => l.Trim()));
    }
}
