using System.CommandLine;

namespace TlsExtcap.Commands;

/// <summary>
/// <c>tlsextcap install [--dir DIR]</c> and <c>tlsextcap uninstall [--dir DIR]</c>: the extcap launcher,
/// and the annotation companion (tlsextcap.lua and the TlsExtcap profile, wireshark/README.md).
/// </summary>
internal static class InstallCommand
{
    public static Command CreateInstall(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "extcap folder (default: Wireshark's personal extcap folder)" };
        var command = new Command("install", "Install the extcap launcher, tlsextcap.lua and the TlsExtcap profile into Wireshark's personal folders" + "\n\nExamples:\n  tlsextcap install\n  tlsextcap install --dir ~/.config/wireshark/extcap\n  tshark -D | grep tls") { dir };
        command.SetAction(parse =>
        {
            string? folder = parse.GetValue(dir)?.FullName;
            string how = "--dir";
            folder ??= ExtcapInstaller.FindExtcapFolder(out how);
            try
            {
                string path = ExtcapInstaller.Install(folder!);
                stdout.WriteLine($"installed {path} ({how})");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"tlsextcap: cannot install into {folder}: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            var wireshark = WiresharkFilesInstaller.FindFolders();
            try
            {
                var paths = WiresharkFilesInstaller.Install(wireshark);
                stdout.WriteLine($"installed {paths[0]} (the annotations dissector; tshark -G folders: Personal Lua Plugins)");
                stdout.WriteLine($"installed {paths[1]} (the {WiresharkFilesInstaller.ProfileName} profile: columns, colouring rules, filter buttons)");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"tlsextcap: cannot install the Wireshark annotation files: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            stdout.WriteLine("Restart Wireshark, then pick \"TLS replay\" or \"TLS live\" in the interface list (tshark -D lists them),");
            stdout.WriteLine($"and the {WiresharkFilesInstaller.ProfileName} profile (Edit > Configuration Profiles, or tshark -C {WiresharkFilesInstaller.ProfileName}).");
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateUninstall(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "extcap folder (default: Wireshark's personal extcap folder)" };
        var command = new Command("uninstall", "Remove the extcap launcher, tlsextcap.lua and the TlsExtcap profile") { dir };
        command.SetAction(parse =>
        {
            string folder = parse.GetValue(dir)?.FullName ?? ExtcapInstaller.FindExtcapFolder(out _)!;
            bool removed = ExtcapInstaller.Uninstall(folder);
            stdout.WriteLine(removed ? $"removed {Path.Combine(folder, ExtcapInstaller.LauncherName)}" : $"no TlsExtcap launcher in {folder}");
            var wireshark = WiresharkFilesInstaller.FindFolders();
            try
            {
                var paths = WiresharkFilesInstaller.Uninstall(wireshark);
                foreach (string path in paths)
                {
                    stdout.WriteLine($"removed {path}");
                }

                if (paths.Count == 0)
                {
                    stdout.WriteLine($"no tlsextcap.lua in {wireshark.LuaPlugins} and no {WiresharkFilesInstaller.ProfileName} profile in {Path.GetDirectoryName(WiresharkFilesInstaller.ProfileFolder(wireshark))}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"tlsextcap: cannot remove the Wireshark annotation files: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
