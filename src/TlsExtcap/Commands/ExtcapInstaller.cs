using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TlsExtcap.Commands;

/// <summary>
/// Finds the personal extcap folder of the installed Wireshark and writes a launcher there that
/// <c>exec</c>s this program (a wrapper without exec would swallow the SIGTERM that stops a capture,
/// notes §2.10). 4.0 and older use <c>~/.config/wireshark/extcap</c>, 4.2 and newer
/// <c>~/.local/lib/wireshark/extcap</c>; <c>tshark -G folders</c> prints the personal extcap path from
/// 4.2 on, and the personal configuration folder always (notes §1).
/// </summary>
internal static partial class ExtcapInstaller
{
    public const string LauncherName = "tlsextcap";

    public static string? FindExtcapFolder(out string how)
    {
        string? folders = RunTshark("-G", "folders");
        if (folders is not null)
        {
            var personalExtcap = PersonalExtcapLine().Match(folders);
            if (personalExtcap.Success)
            {
                how = "tshark -G folders (Personal Extcap path)";
                return personalExtcap.Groups[1].Value.Trim();
            }

            var version = ParseVersion(RunTshark("-v"));
            var personalConfig = PersonalConfigLine().Match(folders);
            if (version is { } v && (v.Major > 4 || (v.Major == 4 && v.Minor >= 2)))
            {
                how = $"Wireshark {v.Major}.{v.Minor}: ~/.local/lib/wireshark/extcap";
                return Path.Combine(Home(), ".local", "lib", "wireshark", "extcap");
            }

            if (personalConfig.Success)
            {
                how = "tshark -G folders (Personal configuration) + /extcap";
                return Path.Combine(personalConfig.Groups[1].Value.Trim(), "extcap");
            }
        }

        how = "no tshark found: the Wireshark 4.0 default";
        return Path.Combine(Home(), ".config", "wireshark", "extcap");
    }

    /// <summary>The launcher script: exec the apphost next to this assembly, or dotnet with the dll.</summary>
    public static string Launcher()
    {
        string directory = AppContext.BaseDirectory;
        string apphost = Path.Combine(directory, OperatingSystem.IsWindows() ? "tlsextcap.exe" : "tlsextcap");
        string command = File.Exists(apphost)
            ? $"exec \"{apphost}\" \"$@\""
            : $"exec dotnet \"{Path.Combine(directory, "tlsextcap.dll")}\" \"$@\"";
        return "#!/bin/sh\n# TlsExtcap launcher, written by 'tlsextcap install'. exec keeps SIGTERM for the extcap.\n" + command + "\n";
    }

    public static string Install(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, LauncherName);
        File.WriteAllText(path, Launcher());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return path;
    }

    public static bool Uninstall(string folder)
    {
        string path = Path.Combine(folder, LauncherName);
        if (!File.Exists(path) || !File.ReadAllText(path).Contains("TlsExtcap launcher", StringComparison.Ordinal))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    public static (int Major, int Minor)? ParseVersion(string? text)
    {
        var match = text is null ? Match.Empty : VersionLine().Match(text);
        return match.Success ? (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value)) : null;
    }

    internal static string Home() => Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    internal static string? RunTshark(params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
            process.WaitForExit(10_000);
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^Personal Extcap path:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex PersonalExtcapLine();

    [GeneratedRegex(@"^Personal configuration:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex PersonalConfigLine();

    [GeneratedRegex(@"(?:TShark|Wireshark)\D*?(\d+)\.(\d+)")]
    private static partial Regex VersionLine();
}
