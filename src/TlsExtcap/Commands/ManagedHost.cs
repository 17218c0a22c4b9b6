using System.Diagnostics;
using TlsExtcap.Core.Dissection;

namespace TlsExtcap.Commands;

/// <summary>
/// The native (ahead-of-time compiled) build starts in milliseconds and decrypts fastest, but it has no JIT
/// and cannot load .NET dissector plugins. <c>scripts/install.sh</c> therefore also installs the managed
/// build into <c>managed/</c> next to it, and a native run given <c>--plugins</c> hands the whole command
/// line to that build (<c>dotnet managed/tlsextcap.dll …</c>, same standard streams, same exit code).
/// </summary>
internal static class ManagedHost
{
    public const string Folder = "managed";

    /// <summary>Where the managed build is looked for: <c>managed/tlsextcap.dll</c> next to this program.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, Folder, "tlsextcap.dll");

    /// <summary>What a native build without its managed companion says when asked for plugins.</summary>
    public static string Unavailable =>
        $"--plugins needs the managed build of tlsextcap: this one is native (ahead-of-time compiled) and cannot load .NET plugins, "
        + $"and {AssemblyPath} is missing. scripts/install.sh installs both; or run the command with "
        + "'dotnet run --project src/TlsExtcap -c Release -- explain …'.";

    /// <summary>True when this is a native build and the command line asks for plugins.</summary>
    public static bool Needed(IReadOnlyList<string> args) =>
        !PluginLoader.Supported && args.Any(a => a == "--plugins" || a.StartsWith("--plugins=", StringComparison.Ordinal) || a.StartsWith("--plugins:", StringComparison.Ordinal));

    /// <summary>Runs <paramref name="args"/> with the managed build; returns its exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stderr)
    {
        string assembly = AssemblyPath;
        if (!File.Exists(assembly))
        {
            stderr.WriteLine($"tlsextcap: {Unavailable}");
            return ExitCodes.Usage;
        }

        // The standard streams are inherited (nothing redirected): output goes straight to the caller.
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            stderr.WriteLine($"tlsextcap: --plugins runs the managed build with 'dotnet', which could not be started: {ex.Message}");
            return ExitCodes.Usage;
        }
    }
}
