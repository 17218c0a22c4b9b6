using System.Text.RegularExpressions;

namespace TlsExtcap.Commands;

/// <summary>
/// Installs the Wireshark side of the annotations next to the extcap: <c>tlsextcap.lua</c> into the
/// personal Lua plugins folder and the <c>TlsExtcap</c> configuration profile into the personal
/// configuration's <c>profiles/</c> folder, both as <c>tshark -G folders</c> names them (4.0:
/// <c>~/.local/lib/wireshark/plugins</c> and <c>~/.config/wireshark</c>). The files ship in the
/// <c>wireshark/</c> folder next to the program.
/// </summary>
internal static partial class WiresharkFilesInstaller
{
    public const string LuaFileName = "tlsextcap.lua";
    public const string ProfileName = "TlsExtcap";

    // Written into both files so that uninstall removes only what install wrote.
    private const string LuaMarker = "TlsExtcap plugin file";
    private const string ProfileMarker = "# TlsExtcap profile";

    private static readonly string[] ProfileFiles = ["preferences", "colorfilters", "dfilter_buttons"];

    /// <summary>Where the shipped files are: the <c>wireshark/</c> folder next to the program.</summary>
    public static string ShippedFolder => Path.Combine(AppContext.BaseDirectory, "wireshark");

    /// <summary>The folders of the installed Wireshark, from <c>tshark -G folders</c> (4.0 defaults when there is no tshark).</summary>
    public static WiresharkFolders FindFolders()
    {
        string home = ExtcapInstaller.Home();
        string? folders = ExtcapInstaller.RunTshark("-G", "folders");
        string? Line(Regex pattern)
        {
            var match = folders is null ? Match.Empty : pattern.Match(folders);
            return match.Success ? match.Groups[1].Value.Trim() : null;
        }

        return new WiresharkFolders(
            Line(PersonalLuaPluginsLine()) ?? Path.Combine(home, ".local", "lib", "wireshark", "plugins"),
            Line(PersonalConfigLine()) ?? Path.Combine(home, ".config", "wireshark"),
            Line(GlobalConfigLine()));
    }

    /// <summary>Copies the Lua file and the profile; returns the paths written. Throws <see cref="FileNotFoundException"/> when the shipped files are missing.</summary>
    public static IReadOnlyList<string> Install(WiresharkFolders folders, string? shippedFolder = null)
    {
        shippedFolder ??= ShippedFolder;
        string lua = Path.Combine(shippedFolder, LuaFileName);
        string profile = Path.Combine(shippedFolder, "profiles", ProfileName);
        foreach (string file in ProfileFiles.Select(name => Path.Combine(profile, name)).Prepend(lua))
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"{file} is missing: the wireshark/ folder must be shipped next to the program", file);
            }
        }

        Directory.CreateDirectory(folders.LuaPlugins);
        string luaTarget = Path.Combine(folders.LuaPlugins, LuaFileName);
        File.Copy(lua, luaTarget, overwrite: true);

        string profileTarget = ProfileFolder(folders);
        Directory.CreateDirectory(profileTarget);
        foreach (string name in ProfileFiles)
        {
            string text = File.ReadAllText(Path.Combine(profile, name));
            if (name == "colorfilters")
            {
                text += DefaultColorRules(folders.GlobalConfiguration);
            }

            File.WriteAllText(Path.Combine(profileTarget, name), text);
        }

        return [luaTarget, profileTarget];
    }

    /// <summary>Removes what <see cref="Install"/> wrote (recognised by their marker comments); returns the paths removed.</summary>
    public static IReadOnlyList<string> Uninstall(WiresharkFolders folders)
    {
        var removed = new List<string>();
        string lua = Path.Combine(folders.LuaPlugins, LuaFileName);
        if (File.Exists(lua) && File.ReadAllText(lua).Contains(LuaMarker, StringComparison.Ordinal))
        {
            File.Delete(lua);
            removed.Add(lua);
        }

        // The whole folder: Wireshark adds its own files (recent, …) to a profile it has used.
        string profile = ProfileFolder(folders);
        string preferences = Path.Combine(profile, "preferences");
        if (File.Exists(preferences) && File.ReadAllText(preferences).StartsWith(ProfileMarker, StringComparison.Ordinal))
        {
            Directory.Delete(profile, recursive: true);
            removed.Add(profile);
        }

        return removed;
    }

    public static string ProfileFolder(WiresharkFolders folders) => Path.Combine(folders.PersonalConfiguration, "profiles", ProfileName);

    /// <summary>The installed Wireshark's own colouring rules, to follow ours (a profile's colorfilters replaces them).</summary>
    private static string DefaultColorRules(string? globalConfiguration)
    {
        string? path = globalConfiguration is null ? null : Path.Combine(globalConfiguration, "colorfilters");
        if (path is null || !File.Exists(path))
        {
            return string.Empty;
        }

        var rules = File.ReadLines(path).Where(line => line.StartsWith('@')).ToList();
        return rules.Count == 0 ? string.Empty : $"# The default rules of {path}:\n" + string.Join('\n', rules) + "\n";
    }

    [GeneratedRegex(@"^Personal Lua Plugins:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex PersonalLuaPluginsLine();

    [GeneratedRegex(@"^Personal configuration:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex PersonalConfigLine();

    [GeneratedRegex(@"^Global configuration:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex GlobalConfigLine();
}
