using System.Diagnostics;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Extcap;

namespace TlsExtcap.Commands;

/// <summary>
/// The checks of <c>tlsextcap doctor</c>: Wireshark and tshark, the extcap launcher and the Lua companion in the
/// folders this Wireshark reads, dumpcap's permission to capture, and a key log against a capture.
/// </summary>
internal static class DoctorChecks
{
    public static IEnumerable<DoctorCheck> Wireshark()
    {
        string? version = Run("tshark", "-v")?.Split('\n')[0].Trim();
        if (version is null || version.Length == 0)
        {
            yield return new DoctorCheck(DoctorStatus.Problem, "tshark", "not found on PATH: the extcap runs inside Wireshark or tshark",
                "sudo apt-get install tshark   # Debian/Ubuntu; other systems: https://www.wireshark.org/download.html");
            yield break;
        }

        yield return new DoctorCheck(DoctorStatus.Ok, "tshark", version);
        string? gui = Run("wireshark", "-v")?.Split('\n')[0].Trim();
        yield return gui is { Length: > 0 }
            ? new DoctorCheck(DoctorStatus.Ok, "Wireshark (GUI)", gui)
            : new DoctorCheck(DoctorStatus.Info, "Wireshark (GUI)", "not found on PATH (tshark is enough for scripting)", "sudo apt-get install wireshark");
    }

    public static IEnumerable<DoctorCheck> Extcap()
    {
        string folder = ExtcapInstaller.FindExtcapFolder(out string how)!;
        string launcher = Path.Combine(folder, ExtcapInstaller.LauncherName);
        if (!File.Exists(launcher))
        {
            yield return new DoctorCheck(DoctorStatus.Problem, "extcap", $"not installed in {folder} ({how})", "tlsextcap install");
            yield break;
        }

        string text = File.ReadAllText(launcher);
        if (!text.Contains("TlsExtcap launcher", StringComparison.Ordinal))
        {
            yield return new DoctorCheck(DoctorStatus.Problem, "extcap", $"{launcher} is not TlsExtcap's launcher", "tlsextcap install");
            yield break;
        }

        if (text != ExtcapInstaller.Launcher())
        {
            yield return new DoctorCheck(DoctorStatus.Warning, "extcap", $"{launcher} starts another copy of TlsExtcap than this one ({AppContext.BaseDirectory})",
                "tlsextcap install   # point it at this copy");
        }
        else
        {
            yield return new DoctorCheck(DoctorStatus.Ok, "extcap", $"installed in {folder} ({how}), current");
        }

        string? interfaces = Run("tshark", "-D");
        if (interfaces is not null)
        {
            yield return interfaces.Contains(ExtcapInterfaces.Replay, StringComparison.Ordinal)
                ? new DoctorCheck(DoctorStatus.Ok, "interfaces", "tshark -D lists tls-replay and tls-live")
                : new DoctorCheck(DoctorStatus.Problem, "interfaces", "tshark -D does not list tls-replay: Wireshark does not run the launcher",
                    $"chmod +x {launcher} && {launcher} --extcap-interfaces");
        }
    }

    public static IEnumerable<DoctorCheck> Lua()
    {
        var folders = WiresharkFilesInstaller.FindFolders();
        string installed = Path.Combine(folders.LuaPlugins, WiresharkFilesInstaller.LuaFileName);
        string shipped = Path.Combine(WiresharkFilesInstaller.ShippedFolder, WiresharkFilesInstaller.LuaFileName);
        if (!File.Exists(installed))
        {
            yield return new DoctorCheck(DoctorStatus.Problem, "Lua dissector", $"{WiresharkFilesInstaller.LuaFileName} is not in {folders.LuaPlugins}: no TLS annotations tree",
                "tlsextcap install");
        }
        else if (File.Exists(shipped) && !File.ReadAllBytes(installed).AsSpan().SequenceEqual(File.ReadAllBytes(shipped)))
        {
            yield return new DoctorCheck(DoctorStatus.Warning, "Lua dissector", $"{installed} differs from this version's", "tlsextcap install");
        }
        else
        {
            yield return new DoctorCheck(DoctorStatus.Ok, "Lua dissector", $"installed in {folders.LuaPlugins}, current");
        }

        string profile = WiresharkFilesInstaller.ProfileFolder(folders);
        yield return Directory.Exists(profile)
            ? new DoctorCheck(DoctorStatus.Ok, "profile", $"{WiresharkFilesInstaller.ProfileName} profile in {profile}")
            : new DoctorCheck(DoctorStatus.Warning, "profile", "the TlsExtcap profile (columns, colours, buttons) is not installed", "tlsextcap install");
    }

    public static IEnumerable<DoctorCheck> Dumpcap()
    {
        string? list = Run("dumpcap", "-D");
        if (list is null)
        {
            yield return new DoctorCheck(DoctorStatus.Problem, "dumpcap", "not found: tls-live captures through Wireshark's dumpcap", "sudo apt-get install wireshark-common");
            yield break;
        }

        if (!OperatingSystem.IsWindows() && Environment.UserName == "root")
        {
            yield return new DoctorCheck(DoctorStatus.Ok, "dumpcap", "running as root: live capture allowed");
            yield break;
        }

        var interfaces = list.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        yield return interfaces.Length > 0
            ? new DoctorCheck(DoctorStatus.Ok, "dumpcap", $"can list {interfaces.Length} interface(s) for live capture")
            : new DoctorCheck(DoctorStatus.Problem, "dumpcap", "cannot list interfaces: this user may not capture",
                "sudo dpkg-reconfigure wireshark-common && sudo usermod -aG wireshark $USER   # then log in again");
    }

    /// <summary>The key log: there, being written, and how many of a capture's connections it covers.</summary>
    public static IEnumerable<DoctorCheck> KeyLog(string? keyLog, string? capture)
    {
        string? env = Environment.GetEnvironmentVariable("SSLKEYLOGFILE");
        keyLog ??= env;
        if (keyLog is null)
        {
            yield return new DoctorCheck(DoctorStatus.Info, "key log", "none given and SSLKEYLOGFILE is not set",
                "export SSLKEYLOGFILE=$HOME/tls-keys.txt   # before starting the browser or curl; then tlsextcap doctor --keylog $SSLKEYLOGFILE");
            yield break;
        }

        if (!File.Exists(keyLog))
        {
            yield return new DoctorCheck(DoctorStatus.Problem, "key log", $"{keyLog} does not exist: no program has written keys there yet",
                $"SSLKEYLOGFILE={keyLog} curl -k https://example.com/ -o /dev/null   # a program that honours SSLKEYLOGFILE creates it");
            yield break;
        }

        var info = new FileInfo(keyLog);
        var parsed = KeyLogParser.Parse(File.ReadAllBytes(keyLog), keyLog);
        var randoms = parsed.Entries.Where(e => e.Label != KeyLogLabel.Rsa).Select(e => Convert.ToHexString(e.Identifier.Span)).ToHashSet(StringComparer.Ordinal);
        TimeSpan age = DateTime.UtcNow - info.LastWriteTimeUtc;
        string freshness = age < TimeSpan.FromMinutes(1) ? "written to in the last minute" : $"last written {Ago(age)} ago";
        yield return new DoctorCheck(parsed.Entries.Count > 0 ? DoctorStatus.Ok : DoctorStatus.Problem, "key log",
            $"{keyLog}: {parsed.Entries.Count} line(s) for {randoms.Count} connection(s), {parsed.Errors.Count} bad line(s), {freshness}"
                + (env is not null && env != keyLog ? $" (SSLKEYLOGFILE is {env})" : string.Empty),
            parsed.Entries.Count > 0 ? null : "check that the program honours SSLKEYLOGFILE (curl, Firefox, Chrome do; openssl s_client needs -keylogfile)");
        if (capture is null)
        {
            yield break;
        }

        if (!File.Exists(capture))
        {
            yield return new DoctorCheck(DoctorStatus.Problem, "capture", $"{capture} does not exist");
            yield break;
        }

        var (connections, covered, error) = Coverage(capture, randoms);
        if (error is not null)
        {
            yield return new DoctorCheck(DoctorStatus.Problem, "capture", $"{capture}: {error}");
            yield break;
        }

        yield return covered == connections
            ? new DoctorCheck(DoctorStatus.Ok, "coverage", $"the key log covers all {connections} TLS connection(s) of {capture}")
            : new DoctorCheck(covered == 0 ? DoctorStatus.Problem : DoctorStatus.Warning, "coverage",
                $"the key log covers {covered} of the {connections} TLS connection(s) of {capture}",
                covered == 0
                    ? "the keys are from another program or run: set SSLKEYLOGFILE before starting the program, capture again"
                    : "start the capture before the program opens its connections, and keep SSLKEYLOGFILE set for every process");
    }

    private static (int Connections, int Covered, string? Error) Coverage(string capture, HashSet<string> randoms)
    {
        try
        {
            using var processor = new CaptureProcessor(new KeyStore());
            using var reader = CaptureReader.Open(capture);
            processor.Process(reader);
            var connections = processor.Connections.Where(c => c.ClientRandom is not null).ToList();
            return (connections.Count, connections.Count(c => c.ClientRandoms.Any(r => randoms.Contains(Convert.ToHexString(r)))), null);
        }
        catch (CaptureFormatException ex)
        {
            return (0, 0, ex.Message);
        }
    }

    private static string Ago(TimeSpan age) => age.TotalHours >= 48 ? $"{(int)age.TotalDays} days" : age.TotalMinutes >= 120 ? $"{(int)age.TotalHours} hours" : $"{(int)age.TotalMinutes} minutes";

    private static string? Run(string program, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(20_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return process.ExitCode == 0 ? output : string.Empty;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
