namespace TlsExtcap.Extcap;

/// <summary>
/// The extcap command line. Wireshark passes options in any order (the GUI uses a hash table) and adds
/// new ones over time, so this parser takes <c>--name value</c>, <c>--name=value</c> and flags, and
/// keeps whatever it does not know (interfaces notes §2.1, pitfall 6).
/// </summary>
internal sealed class ExtcapArguments
{
    /// <summary>Options that never take a value.</summary>
    private static readonly HashSet<string> Flags =
    [
        "--extcap-interfaces", "--extcap-dlts", "--extcap-config", "--capture", "--debug",
    ];

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public static ExtcapArguments Parse(IReadOnlyList<string> args)
    {
        var result = new ExtcapArguments();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            int equals = arg.IndexOf('=');
            if (equals > 0)
            {
                result._values[arg[..equals]] = arg[(equals + 1)..];
                continue;
            }

            // --extcap-version may come with or without a value.
            bool takesValue = !Flags.Contains(arg) && i + 1 < args.Count && !(args[i + 1].StartsWith("--", StringComparison.Ordinal) && arg == "--extcap-version");
            if (takesValue)
            {
                result._values[arg] = args[++i];
            }
            else
            {
                result._flags.Add(arg);
            }
        }

        return result;
    }

    /// <summary>True when the command line is an extcap call rather than a human CLI command.</summary>
    public static bool IsExtcapCall(IReadOnlyList<string> args) =>
        args.Any(a => a.StartsWith("--extcap-", StringComparison.Ordinal) || a == "--capture");

    public bool Has(string flag) => _flags.Contains(flag) || _values.ContainsKey(flag);

    public string? Get(string name) => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public double GetDouble(string name, double fallback) =>
        double.TryParse(Get(name), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) ? value : fallback;

    public string? Interface => Get("--extcap-interface");

    public ExtcapVersion Version => ExtcapVersion.Parse(Get("--extcap-version"));
}
