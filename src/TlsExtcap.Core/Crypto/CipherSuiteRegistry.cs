using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// The IANA TLS cipher-suite registry (RFC 8447 §8): a name for every assigned value, and the record-protection
/// parameters of the suites we can decrypt. The names are data (<c>CipherSuiteRegistry.Names.cs</c>); the
/// parameters are read off each name by <see cref="CipherSuiteNameParser"/> from its token tables.
/// </summary>
public static partial class CipherSuiteRegistry
{
    // Built in the static constructor: it runs after the field initializers of every partial file, IanaNames included.
    private static readonly Dictionary<ushort, int> Index;

    /// <summary>Each suite's parameters, parsed from its name the first time it is looked up (most never are).</summary>
    private static readonly CipherSuiteInfo?[] Parsed;

    static CipherSuiteRegistry()
    {
        Index = new Dictionary<ushort, int>(IanaNames.Length);
        for (int i = 0; i < IanaNames.Length; i++)
        {
            Index.Add(IanaNames[i].Value, i);
        }

        Parsed = new CipherSuiteInfo?[IanaNames.Length];
    }

    /// <summary>Looks up a code point; false when IANA has not assigned it.</summary>
    public static bool TryGet(ushort value, [NotNullWhen(true)] out CipherSuiteInfo? info)
    {
        info = Index.TryGetValue(value, out int i) ? ParsedAt(i) : null;
        return info is not null;
    }

    /// <summary>The IANA name, or "Unknown (0x1234)" for an unassigned value.</summary>
    public static string GetName(ushort value) =>
        Index.TryGetValue(value, out int i)
            ? IanaNames[i].Name
            : string.Create(CultureInfo.InvariantCulture, $"Unknown (0x{value:X4})");

    /// <summary>Every known suite, in code-point order.</summary>
    internal static IEnumerable<CipherSuiteInfo> All => Index.OrderBy(entry => entry.Key).Select(entry => ParsedAt(entry.Value));

    /// <summary>The parameters of the suite at <paramref name="i"/> in <c>IanaNames</c>, parsed on first use.</summary>
    private static CipherSuiteInfo ParsedAt(int i)
    {
        // Two threads may parse the same name at once: both get equal, immutable results.
        var info = Volatile.Read(ref Parsed[i]);
        if (info is null)
        {
            info = CipherSuiteNameParser.Parse(IanaNames[i].Value, IanaNames[i].Name);
            Volatile.Write(ref Parsed[i], info);
        }

        return info;
    }

    private readonly record struct CipherSuiteName(ushort Value, string Name);
}
