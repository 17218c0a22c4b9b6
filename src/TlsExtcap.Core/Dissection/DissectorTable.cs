using System.Diagnostics.CodeAnalysis;

namespace TlsExtcap.Core.Dissection;

/// <summary>
/// A dissector table (Wireshark's <c>dissector_add_uint</c> tables): a key — content type, handshake type,
/// extension type, ALPN protocol id, port — to the dissector for it. A later registration replaces an earlier
/// one, so plugins can override built-ins.
/// </summary>
public sealed class DissectorTable<TKey, TDissector>
    where TKey : notnull
    where TDissector : class
{
    private readonly Dictionary<TKey, TDissector> _entries = [];

    public DissectorTable(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public int Count => _entries.Count;

    public IEnumerable<TKey> Keys => _entries.Keys;

    public void Register(TKey key, TDissector dissector)
    {
        ArgumentNullException.ThrowIfNull(dissector);
        _entries[key] = dissector;
    }

    public bool TryGet(TKey key, [NotNullWhen(true)] out TDissector? dissector) => _entries.TryGetValue(key, out dissector);
}
