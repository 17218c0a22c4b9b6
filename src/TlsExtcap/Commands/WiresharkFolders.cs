namespace TlsExtcap.Commands;

/// <summary>The folders of the installed Wireshark that the annotation files go into.</summary>
/// <param name="LuaPlugins">Personal Lua plugins (tshark -G folders: "Personal Lua Plugins").</param>
/// <param name="PersonalConfiguration">Personal configuration, which holds <c>profiles/</c>.</param>
/// <param name="GlobalConfiguration">Global configuration (the default colorfilters), if known.</param>
internal sealed record WiresharkFolders(string LuaPlugins, string PersonalConfiguration, string? GlobalConfiguration);
