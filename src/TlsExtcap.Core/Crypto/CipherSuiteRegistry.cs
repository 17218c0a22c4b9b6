using System.Collections.Frozen;
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
    private static readonly FrozenDictionary<ushort, CipherSuiteInfo> Suites;

    static CipherSuiteRegistry() => Suites = BuildSuites();

    /// <summary>Looks up a code point; false when IANA has not assigned it.</summary>
    public static bool TryGet(ushort value, [NotNullWhen(true)] out CipherSuiteInfo? info) =>
        Suites.TryGetValue(value, out info);

    /// <summary>The IANA name, or "Unknown (0x1234)" for an unassigned value.</summary>
    public static string GetName(ushort value) =>
        Suites.TryGetValue(value, out CipherSuiteInfo? info)
            ? info.Name
            : string.Create(CultureInfo.InvariantCulture, $"Unknown (0x{value:X4})");

    /// <summary>Every known suite, in code-point order.</summary>
    internal static IEnumerable<CipherSuiteInfo> All => Suites.Values.OrderBy(s => s.Value);

    private static FrozenDictionary<ushort, CipherSuiteInfo> BuildSuites()
    {
        var suites = new Dictionary<ushort, CipherSuiteInfo>(IanaNames.Length);
        foreach (CipherSuiteName entry in IanaNames)
        {
            suites.Add(entry.Value, CipherSuiteNameParser.Parse(entry.Value, entry.Name));
        }

        return suites.ToFrozenDictionary();
    }

    private readonly record struct CipherSuiteName(ushort Value, string Name);
}
