using System.Reflection;
using TlsExtcap.Limits;

namespace TlsExtcap.Extcap;

/// <summary>
/// Discovery answers: <c>--extcap-interfaces</c>, <c>--extcap-dlts</c>, <c>--extcap-config</c> and
/// <c>--extcap-reload-option</c>. They run at every Wireshark start, so they are quick, print only
/// sentences on stdout, nothing on stderr, and exit 0 (interfaces notes pitfall 3).
/// </summary>
internal static class ExtcapDiscovery
{
    public static string Version =>
        typeof(ExtcapDiscovery).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEnumerable<string> Interfaces()
    {
        yield return new SentenceBuilder("extcap").Add("version", Version).ToString();
        yield return new SentenceBuilder("interface").Add("value", ExtcapInterfaces.Replay).Add("display", "TLS replay: decrypt a capture file").ToString();
        yield return new SentenceBuilder("interface").Add("value", ExtcapInterfaces.Live).Add("display", "TLS live: decrypt a live interface").ToString();
        yield return new SentenceBuilder("control").Add("number", ExtcapInterfaces.StatusControl).Add("type", "string")
            .Add("display", "TLS").Add("tooltip", "connections / decrypted / waiting for keys / failed").ToString();
        yield return new SentenceBuilder("control").Add("number", ExtcapInterfaces.ReloadControl).Add("type", "button")
            .Add("display", "Reload keys").Add("tooltip", "Read the key log files again").ToString();
        yield return new SentenceBuilder("control").Add("number", ExtcapInterfaces.LogControl).Add("type", "button")
            .Add("role", "logger").Add("display", "Log").Add("tooltip", "TlsExtcap messages").ToString();
    }

    /// <summary>The link type is presentational (the IDBs in the stream decide, notes §2.4).</summary>
    public static IEnumerable<string> Dlts(string interfaceName)
    {
        yield return new SentenceBuilder("dlt").Add("number", 1).Add("name", "EN10MB").Add("display", "Ethernet").ToString();
    }

    public static IEnumerable<string> Config(string interfaceName, ExtcapVersion version, Func<IReadOnlyList<(string Name, string Display)>> listInterfaces)
    {
        int n = 0;
        var lines = new List<string>();
        if (interfaceName == ExtcapInterfaces.Replay)
        {
            lines.Add(Arg(n++, ExtcapInterfaces.File, "Capture file", "fileselect")
                .Add("tooltip", "pcap or pcapng file to replay (gzip-compressed files too)").Add("mustexist", true).Add("required", true).Add("group", "Input").ToString());
        }
        else
        {
            int arg = n++;
            // Wireshark 4.2+ parses editselector: a list that also takes a typed name.
            string type = version >= ExtcapVersion.EditSelector ? "editselector" : "selector";
            lines.Add(Arg(arg, ExtcapInterfaces.CaptureInterface, "Interface", type)
                .Add("tooltip", "Interface to capture with dumpcap").Add("required", true).Add("reload", true).Add("placeholder", "Reload interfaces").Add("group", "Input").ToString());
            lines.AddRange(InterfaceValues(arg, listInterfaces()));
        }

        lines.Add(Arg(n++, ExtcapInterfaces.KeyLog, "Key log file", "fileselect")
            .Add("tooltip", interfaceName == ExtcapInterfaces.Live
                ? "SSLKEYLOGFILE that applications append to while the capture runs"
                : "NSS key log (SSLKEYLOGFILE); optional when the file carries Decryption Secrets Blocks")
            .Add("mustexist", interfaceName == ExtcapInterfaces.Replay).Add("group", "Keys").ToString());
        lines.Add(Arg(n++, ExtcapInterfaces.RsaKey, "RSA private key", "fileselect")
            .Add("tooltip", "Server RSA private key (PEM or PKCS#12) for static-RSA key exchange").Add("mustexist", true).Add("group", "Keys").ToString());
        int modeArg = n++;
        lines.Add(Arg(modeArg, ExtcapInterfaces.Mode, "Output", "selector").Add("tooltip", "What goes into Wireshark").Add("group", "Output").ToString());
        lines.Add(Value(modeArg, "keys", "Original frames + keys (Wireshark decrypts)", isDefault: true));
        lines.Add(Value(modeArg, "plaintext", "Decrypted data as plain TCP", isDefault: false));
        lines.Add(Value(modeArg, "pdu", "Decrypted messages as exported PDUs", isDefault: false));
        if (interfaceName == ExtcapInterfaces.Replay)
        {
            int paceArg = n++;
            lines.Add(Arg(paceArg, ExtcapInterfaces.Pace, "Pace", "selector").Add("tooltip", "Replay as fast as possible, or with the original timing").Add("group", "Input").ToString());
            lines.Add(Value(paceArg, "asap", "As fast as possible", isDefault: true));
            lines.Add(Value(paceArg, "original", "Original timing", isDefault: false));
        }

        lines.Add(Arg(n++, ExtcapInterfaces.KeyWait, "Wait for keys (seconds)", "double")
            .Add("tooltip", "How long a connection's frames are held back until its keys arrive").Add("default", "3").Add("range", "0,600").Add("group", "Keys").ToString());
        lines.Add(Arg(n++, ExtcapInterfaces.KeyLogOut, "Late keys file", "fileselect")
            .Add("tooltip", "Key-log lines that arrive after their connection was released are appended here (created 0600); open the saved capture with it to decrypt those connections")
            .Add("mustexist", false).Add("group", "Keys").ToString());
        foreach (var limit in CaptureLimits.Definitions)
        {
            var sentence = Arg(n++, limit.Option, limit.Display, limit.Kind == LimitKind.Bytes ? "string" : "unsigned").Add("tooltip", limit.Tooltip)
                .Add("default", limit.FormatValue(limit.Default));
            sentence = limit.Kind == LimitKind.Bytes
                ? sentence.Add("validation", ByteSize.Pattern)
                : sentence.Add("range", $"{limit.FormatValue(limit.Min)},{limit.FormatValue(limit.Max)}");
            lines.Add(sentence.Add("group", "Limits").ToString());
        }
        int levelArg = n++;
        lines.Add(Arg(levelArg, ExtcapInterfaces.LogLevel, "Log level", "selector").Add("group", "Debug").ToString());
        foreach (var (value, display) in new[] { ("error", "Error"), ("warning", "Warning"), ("info", "Info"), ("debug", "Debug") })
        {
            lines.Add(Value(levelArg, value, display, isDefault: value == "warning"));
        }

        lines.Add(Arg(n++, ExtcapInterfaces.LogFile, "Log file", "fileselect").Add("mustexist", false).Add("group", "Debug").ToString());
        int annotateArg = n;
        lines.Add(Arg(annotateArg, ExtcapInterfaces.Annotate, "Annotations", "selector")
            .Add("tooltip", "Field-by-field explanations in packet comments, shown by the TlsExtcap Lua dissector (keys mode)").Add("group", "Output").ToString());
        lines.Add(Value(annotateArg, "handshake", "Every handshake field", isDefault: true));
        lines.Add(Value(annotateArg, "all", "Also decrypted application data", isDefault: false));
        lines.Add(Value(annotateArg, "none", "Summary comments only", isDefault: false));
        return lines;
    }

    /// <summary><c>--extcap-reload-option interface</c>: only the value lines of that argument.</summary>
    public static IEnumerable<string> Reload(string interfaceName, string option, Func<IReadOnlyList<(string Name, string Display)>> listInterfaces)
    {
        if (interfaceName == ExtcapInterfaces.Live && option == ExtcapInterfaces.CaptureInterface.TrimStart('-'))
        {
            return InterfaceValues(0, listInterfaces());
        }

        return [];
    }

    /// <summary>The interface list; loopback is the default when present (TLS tests mostly run there), else the first.</summary>
    private static IEnumerable<string> InterfaceValues(int arg, IReadOnlyList<(string Name, string Display)> interfaces)
    {
        string? preferred = interfaces.Any(i => i.Name == "lo") ? "lo" : interfaces.Count > 0 ? interfaces[0].Name : null;
        foreach (var (name, display) in interfaces)
        {
            yield return Value(arg, name, display, name == preferred);
        }
    }

    private static SentenceBuilder Arg(int number, string call, string display, string type) =>
        new SentenceBuilder("arg").Add("number", number).Add("call", call).Add("display", display).Add("type", type);

    private static string Value(int arg, string value, string display, bool isDefault)
    {
        var sentence = new SentenceBuilder("value").Add("arg", arg).Add("value", value).Add("display", display);
        if (isDefault)
        {
            sentence.Add("default", true);
        }

        return sentence.ToString();
    }
}
