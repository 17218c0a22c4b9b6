using System.CommandLine;

namespace TlsExtcap.Commands;

/// <summary><c>tlsextcap install [--dir DIR]</c> and <c>tlsextcap uninstall [--dir DIR]</c>.</summary>
internal static class InstallCommand
{
    public static Command CreateInstall(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "extcap folder (default: Wireshark's personal extcap folder)" };
        var command = new Command("install", "Install the extcap launcher into Wireshark's personal extcap folder" + "\n\nExamples:\n  tlsextcap install\n  tlsextcap install --dir ~/.config/wireshark/extcap\n  tshark -D | grep tls") { dir };
        command.SetAction(parse =>
        {
            string? folder = parse.GetValue(dir)?.FullName;
            string how = "--dir";
            folder ??= ExtcapInstaller.FindExtcapFolder(out how);
            try
            {
                string path = ExtcapInstaller.Install(folder!);
                stdout.WriteLine($"installed {path} ({how})");
                stdout.WriteLine("Restart Wireshark, then pick \"TLS replay\" or \"TLS live\" in the interface list (tshark -D lists them).");
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"tlsextcap: cannot install into {folder}: {ex.Message}");
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    public static Command CreateUninstall(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "extcap folder (default: Wireshark's personal extcap folder)" };
        var command = new Command("uninstall", "Remove the extcap launcher") { dir };
        command.SetAction(parse =>
        {
            string folder = parse.GetValue(dir)?.FullName ?? ExtcapInstaller.FindExtcapFolder(out _)!;
            bool removed = ExtcapInstaller.Uninstall(folder);
            stdout.WriteLine(removed ? $"removed {Path.Combine(folder, ExtcapInstaller.LauncherName)}" : $"no TlsExtcap launcher in {folder}");
            return ExitCodes.Success;
        });
        return command;
    }
}
