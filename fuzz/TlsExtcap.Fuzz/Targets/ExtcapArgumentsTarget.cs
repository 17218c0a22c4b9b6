using System.Text;
using TlsExtcap.Extcap;

namespace TlsExtcap.Fuzz.Targets;

/// <summary>
/// The extcap command line as Wireshark (or anyone) passes it: argv tokens (the input split at NUL
/// and newline bytes, decoded as UTF-8), every option read back the way a capture reads it, the
/// discovery answers built for the version and interface it names, and <c>dumpcap -D</c> output
/// parsing over the same bytes.
/// </summary>
public static class ExtcapArgumentsTarget
{
    private static readonly string[] Options =
    [
        "--fifo", "--extcap-interface", "--extcap-capture-filter", "--extcap-control-in", "--extcap-control-out",
        "--extcap-reload-option", ExtcapInterfaces.File, ExtcapInterfaces.KeyLog, ExtcapInterfaces.RsaKey, ExtcapInterfaces.Mode,
        ExtcapInterfaces.Pace, ExtcapInterfaces.KeyWait, ExtcapInterfaces.CaptureInterface, ExtcapInterfaces.LogLevel, ExtcapInterfaces.LogFile,
    ];

    public static void Run(byte[] input)
    {
        string text = Encoding.UTF8.GetString(input);
        string[] argv = text.Split(['\0', '\n']);
        var arguments = ExtcapArguments.Parse(argv);
        _ = ExtcapArguments.IsExtcapCall(argv);
        foreach (string flag in new[] { "--extcap-interfaces", "--extcap-dlts", "--extcap-config", "--capture" })
        {
            _ = arguments.Has(flag);
        }

        foreach (string option in Options)
        {
            _ = arguments.Get(option);
        }

        _ = arguments.GetDouble(ExtcapInterfaces.KeyWait, ExtcapInterfaces.DefaultKeyWait);
        var version = arguments.Version;
        var interfaces = DumpcapInterfaces.Parse(text);
        string name = ExtcapInterfaces.IsKnown(arguments.Interface) ? arguments.Interface! : (input.Length % 2 == 0 ? ExtcapInterfaces.Live : ExtcapInterfaces.Replay);
        Consume(ExtcapDiscovery.Config(name, version, () => interfaces));
        Consume(ExtcapDiscovery.Reload(name, arguments.Get("--extcap-reload-option") ?? "interface", () => interfaces));
        Consume(ExtcapDiscovery.Interfaces());
        foreach (var (display, _) in interfaces)
        {
            _ = SentenceBuilder.Clean(display);
        }
    }

    public static IReadOnlyList<byte[]> Seeds() =>
    [
        Tokens("--extcap-interfaces", "--extcap-version=4.0"),
        Tokens("--extcap-config", "--extcap-interface", "tls-live", "--extcap-version=4.2", "--extcap-reload-option", "interface"),
        Tokens("--capture", "--extcap-interface", "tls-replay", "--extcap-capture-filter", "tcp port 443", "--fifo", "/tmp/wireshark_extcap_tls_replayMR8OZ3",
            "--file", "capture.pcap", "--keylog", "keys.txt", "--mode", "keys", "--pace", "original", "--key-wait", "2.5", "--log-level", "debug"),
        Tokens("--capture", "--extcap-interface", "tls-live", "--fifo", "f", "--interface", "lo", "--key-wait=1e3", "--extcap-version"),
        Encoding.UTF8.GetBytes("Capture interfaces:\n1. eth0\n2. any (Pseudo-device)\n3. lo (Loopback)\n10. tls-live (x)\n"),
    ];

    private static byte[] Tokens(params string[] argv) => Encoding.UTF8.GetBytes(string.Join('\0', argv));

    private static void Consume(IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            _ = line.Length;
        }
    }
}
