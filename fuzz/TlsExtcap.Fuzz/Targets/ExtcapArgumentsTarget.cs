using System.Text;
using TlsExtcap.Extcap;
using TlsExtcap.Limits;

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
        _ = arguments.Get(ExtcapInterfaces.KeyLogOut);
        // The limits exactly as a capture reads them, and every token through every limit's parser.
        if (CaptureLimits.TryRead(arguments.Get, out var limits, out string? error) == (error is not null))
        {
            throw new InvalidOperationException("limit parsing invariant broken: a verdict and an error disagree");
        }

        _ = limits.ToEngineOptions(hashApplicationData: false);
        foreach (string token in argv.Take(64))
        {
            foreach (var definition in CaptureLimits.Definitions)
            {
                if (definition.TryParse(token, out long value, out _) && (value < definition.Min || value > definition.Max))
                {
                    throw new InvalidOperationException($"limit parsing invariant broken: {definition.Option} accepted {value}");
                }
            }

            if (ByteSize.TryParse(token, out long bytes) && bytes < 0)
            {
                throw new InvalidOperationException("size parsing invariant broken: a negative size");
            }
        }

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
        Tokens("--capture", "--extcap-interface", "tls-live", "--max-held-bytes", "4M", "--max-held-total=128M", "--max-handshake-bytes", "1M",
            "--max-reassembly-bytes", "16M", "--max-trial-records", "64", "--keylog-out", "/tmp/late.txt"),
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
