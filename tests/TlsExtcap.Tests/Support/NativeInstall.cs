using System.Diagnostics;

namespace TlsExtcap.Tests.Support;

/// <summary>
/// <c>scripts/install.sh</c> run once, as a user runs it, into a temporary HOME and prefix: the native
/// (ahead-of-time compiled) tlsextcap, the managed build in <c>managed/</c>, and the extcap launcher in the
/// HOME's personal extcap folder. Needs the .NET SDK, a C linker (gcc) and tshark, as CI has them.
/// </summary>
public sealed class NativeInstall : IDisposable
{
    /// <summary>Builds of the source tree run one at a time (install.sh here and in the README test share obj/ folders).</summary>
    internal static readonly SemaphoreSlim BuildLock = new(1, 1);

    public NativeInstall()
    {
        Tshark = new Tshark(install: false);
        Prefix = Path.Combine(Tshark.Home, "prefix");
        var start = new ProcessStartInfo("bash", [RepoFiles.Path("scripts", "install.sh")])
        {
            WorkingDirectory = RepoFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["HOME"] = Tshark.Home;
        start.Environment["TLSEXTCAP_PREFIX"] = Prefix;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        BuildLock.Wait();
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("scripts/install.sh did not finish in 10 minutes");
            }

            process.WaitForExit();
            InstallOutput = stdout.Result + stderr.Result;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"scripts/install.sh exited {process.ExitCode}: {InstallOutput}");
            }
        }
        finally
        {
            BuildLock.Release();
        }
    }

    /// <summary>The HOME it was installed into, with tshark to run against it.</summary>
    public Tshark Tshark { get; }

    /// <summary>Where install.sh published (TLSEXTCAP_PREFIX).</summary>
    public string Prefix { get; }

    public string InstallOutput { get; }

    /// <summary>The installed program.</summary>
    public string Program => Path.Combine(Prefix, "tlsextcap");

    public (int Code, string Stdout, string Stderr) Run(params string[] args) =>
        Programs.Run(Program, args, TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["HOME"] = Tshark.Home });

    public void Dispose() => Tshark.Dispose();
}
