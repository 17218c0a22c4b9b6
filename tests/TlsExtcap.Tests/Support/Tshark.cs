using System.Diagnostics;

namespace TlsExtcap.Tests.Support;

/// <summary>
/// Runs the real tshark with the extcap installed into a temporary HOME (Wireshark 4.0 reads personal
/// extcaps from ~/.config/wireshark/extcap; the installer decides the folder from tshark itself).
/// These tests need Debian's tshark package; .ci/run installs it.
/// </summary>
public sealed class Tshark : IDisposable
{
    public Tshark()
        : this(install: true)
    {
    }

    /// <param name="install">False for a bare HOME (nothing of ours installed, e.g. to load tlsextcap.lua with -X).</param>
    internal Tshark(bool install)
    {
        Home = Directory.CreateTempSubdirectory("tlsextcap-home-").FullName;
        InstallOutput = string.Empty;
        if (!install)
        {
            return;
        }

        var (code, output, error) = Install();
        if (code != 0)
        {
            throw new InvalidOperationException($"tlsextcap install failed: {output} {error}");
        }

        InstallOutput = output;
    }

    public string Home { get; }

    public string InstallOutput { get; }

    public string Temp(string name) => Path.Combine(Home, name);

    /// <summary>Runs <c>tlsextcap install</c> into this HOME.</summary>
    public (int Code, string Stdout, string Stderr) Install() =>
        Run(Path.Combine(AppContext.BaseDirectory, "tlsextcap"), ["install"], TimeSpan.FromSeconds(60));

    public (int Code, string Stdout, string Stderr) Uninstall() =>
        Run(Path.Combine(AppContext.BaseDirectory, "tlsextcap"), ["uninstall"], TimeSpan.FromSeconds(60));

    public (int Code, string Stdout, string Stderr) Run(params string[] args) => Run("tshark", args, TimeSpan.FromSeconds(120));

    public (int Code, string Stdout, string Stderr) Run(string program, IEnumerable<string> args, TimeSpan timeout)
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

        start.Environment["HOME"] = Home;
        start.Environment.Remove("SSLKEYLOGFILE");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Captures from one of our interfaces into a pcapng file; returns its path.</summary>
    public string Capture(string iface, string output, params string[] options)
    {
        var args = new List<string> { "-i", iface, "-w", output };
        foreach (string option in options)
        {
            args.Add("-o");
            args.Add(option);
        }

        var (code, _, stderr) = Run([.. args]);
        Assert.True(code == 0, $"tshark capture exited {code}: {stderr}");
        Assert.True(File.Exists(output), $"no capture written: {stderr}");
        Assert.DoesNotContain("Error by extcap pipe", stderr);
        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
