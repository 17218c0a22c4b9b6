using System.Diagnostics;
using System.Text.RegularExpressions;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Readme;

/// <summary>
/// Every command in a <c>sh</c> block of README.md is run here, in README order, in a scratch folder that
/// holds the repository's <c>samples/</c> and <c>plugins/</c> (scripts and builds in the repository itself), with <c>tlsextcap</c> and <c>tlsinject</c> the
/// built programs, the real tshark, and a HOME with TlsExtcap installed. A command that cannot run here is
/// listed in <see cref="CoveredElsewhere"/> with the test or script that covers it; the list may only hold
/// commands the README still has.
/// </summary>
public sealed partial class ReadmeCommandsTests : IClassFixture<Tshark>
{
    /// <summary>README command prefix → where it is exercised instead.</summary>
    private static readonly Dictionary<string, string> CoveredElsewhere = new()
    {
        ["scripts/test"] = ".ci/run runs it on every CI run",
        ["SSLKEYLOGFILE=/tmp/keys.txt curl"] = "Extcap/LiveEndToEndTests (a live capture on lo with a real client writing its key log)",
        ["tshark -i tls-live -o extcap.tls_live.interface:lo -o extcap.tls_live.keylog:"] = "Extcap/LiveEndToEndTests",
        ["tshark -i tls-live -o extcap.tls_live.interface:lo -o extcap.tls_live.keywait:"] = "Extcap/KeyChannelLiveTests",
        ["tlsinject push"] = "Extcap/KeyChannelLiveTests (keys only pushed are decrypted) and KeyInject Commands/PushCommandTests",
        ["tail -f -n +1 /tmp/browser-keys.txt | tlsinject push"] = "KeyInject Commands/PushCommandTests (standard input forwarded line by line)",
        ["tlsinject run"] = "Extcap/KeyChannelLiveTests (curl run with SSLKEYLOGFILE on the channel) and KeyInject Commands/RunCommandTests",
    };

    private readonly Tshark _tshark;

    public ReadmeCommandsTests(Tshark tshark)
    {
        _tshark = tshark;
    }

    [Fact]
    public void Readme_EveryShellCommand_RunsOrIsCoveredElsewhere()
    {
        string root = RepositoryRoot();
        var commands = ShellCommands(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.True(commands.Count > 30, $"only {commands.Count} commands found");
        string scratch = Directory.CreateTempSubdirectory("tlsextcap-readme-").FullName;
        string bin = Path.Combine(scratch, ".bin");
        Directory.CreateDirectory(bin);
        foreach (string program in new[] { "tlsextcap", "tlsinject" })
        {
            string wrapper = Path.Combine(bin, program);
            File.WriteAllText(wrapper, $"#!/bin/sh\nexec \"{Path.Combine(AppContext.BaseDirectory, program)}\" \"$@\"\n");
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        File.CreateSymbolicLink(Path.Combine(scratch, "samples"), Path.Combine(root, "samples"));
        File.CreateSymbolicLink(Path.Combine(scratch, "plugins"), Path.Combine(root, "plugins"));
        var failures = new List<string>();
        var used = new HashSet<string>();
        try
        {
            foreach (string command in commands)
            {
                if (CoveredElsewhere.Keys.FirstOrDefault(prefix => command.StartsWith(prefix, StringComparison.Ordinal)) is { } covered)
                {
                    used.Add(covered);
                    continue;
                }

                // Scripts and builds run in the repository (they find their projects from there); the rest in the scratch folder.
                bool inRepository = command.StartsWith("scripts/", StringComparison.Ordinal) || command.StartsWith("dotnet ", StringComparison.Ordinal);
                // Builds share obj/ folders with the native install fixture's: one at a time.
                bool builds = command.StartsWith("scripts/install.sh", StringComparison.Ordinal) || command.StartsWith("dotnet ", StringComparison.Ordinal);
                if (builds)
                {
                    NativeInstall.BuildLock.Wait();
                }

                (int code, string output) = (0, string.Empty);
                try
                {
                    (code, output) = Run(Translate(command), inRepository ? root : scratch, bin);
                }
                finally
                {
                    if (builds)
                    {
                        NativeInstall.BuildLock.Release();
                    }
                }

                if (code != 0)
                {
                    failures.Add($"{command}\n  exit {code}: {Tail(output)}");
                }
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        Assert.True(failures.Count == 0, "README commands that failed:\n" + string.Join('\n', failures));
        Assert.Empty(CoveredElsewhere.Keys.Except(used));
    }

    [Fact]
    public void Readme_FirstTwoCommands_AreTheMainJobAndTheTestCommandCiRuns()
    {
        string root = RepositoryRoot();
        var commands = ShellCommands(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.Equal("dotnet run --project src/TlsExtcap -c Release -- explain samples/seed/capture.pcap --keylog samples/seed/keylog.txt", commands[0]);
        Assert.Equal("scripts/test", commands[1]);
        Assert.Contains("exec scripts/test", File.ReadAllText(Path.Combine(root, ".ci", "run")), StringComparison.Ordinal);
    }

    /// <summary>The README's first command, exactly as a newcomer runs it (through dotnet run), shows the decrypted, annotated session.</summary>
    [Fact]
    public void Readme_MainJob_PrintsTheDecryptedAnnotatedSeed()
    {
        var (code, stdout, stderr) = Cli.Run("explain", Path.Combine(RepositoryRoot(), "samples", "seed", "capture.pcap"),
            "--keylog", Path.Combine(RepositoryRoot(), "samples", "seed", "keylog.txt"));
        Assert.True(code == 0, stderr);
        Assert.Contains("ClientHello: 344 bytes, client → server", stdout, StringComparison.Ordinal);
        Assert.Contains("Certificate 1 (end entity): CN=test.bithole.dev", stdout, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(stdout, "Verify Data: verified ✓").Count);
        Assert.Contains("de ad be ef  Data: 4 bytes", stdout, StringComparison.Ordinal);
    }

    /// <summary>The lines of every ```sh block, comments and blank lines dropped.</summary>
    internal static List<string> ShellCommands(string markdown)
    {
        var commands = new List<string>();
        foreach (Match block in ShellBlock().Matches(markdown))
        {
            foreach (string raw in block.Groups[1].Value.Split('\n'))
            {
                string line = TrailingComment().Replace(raw, string.Empty).Trim();
                if (line.Length > 0 && !line.StartsWith('#'))
                {
                    commands.Add(line);
                }
            }
        }

        return commands;
    }

    /// <summary>The README's first command goes through <c>dotnet run</c>; here the built program stands in for it.</summary>
    private static string Translate(string command) =>
        command.Replace("dotnet run --project src/TlsExtcap -c Release -- ", "tlsextcap ", StringComparison.Ordinal);

    private (int Code, string Output) Run(string command, string folder, string bin)
    {
        var start = new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["HOME"] = _tshark.Home;
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment.Remove("SSLKEYLOGFILE");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Tail(string text) => text.Length > 600 ? text[^600..] : text;

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TlsExtcap.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"\s{2,}#.*$")]
    private static partial Regex TrailingComment();
}
