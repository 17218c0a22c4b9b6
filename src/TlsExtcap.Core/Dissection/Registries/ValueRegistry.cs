using System.Globalization;

namespace TlsExtcap.Core.Dissection.Registries;

/// <summary>
/// An IANA registry as a table: names (and short descriptions) by value. Values of the RFC 8701 GREASE
/// pattern are recognised for the registries that reserve them.
/// </summary>
public sealed class ValueRegistry
{
    private readonly Dictionary<int, RegistryEntry> _entries;

    public ValueRegistry(string name, int width, bool grease, IEnumerable<RegistryEntry> entries)
    {
        Name = name;
        Width = width;
        HasGrease = grease;
        _entries = entries.ToDictionary(e => e.Value);
    }

    /// <summary>The registry's name, e.g. "TLS Supported Groups".</summary>
    public string Name { get; }

    /// <summary>Bytes per value on the wire (1 or 2), for hex formatting.</summary>
    public int Width { get; }

    /// <summary>True when RFC 8701 reserves GREASE values in this registry.</summary>
    public bool HasGrease { get; }

    public int Count => _entries.Count;

    public bool TryGet(int value, out RegistryEntry entry) => _entries.TryGetValue(value, out entry);

    /// <summary>RFC 8701 §2: 0x0A0A, 0x1A1A, … 0xFAFA (two-byte registries); 0x0B, 0x2A, … for one-byte ones (§3).</summary>
    public bool IsGrease(int value) => HasGrease && (Width == 2
        ? (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff)
        : value is 0x0B or 0x2A or 0x49 or 0x68 or 0x87 or 0xA6 or 0xC5 or 0xE4);

    /// <summary>The name, "GREASE", or "unknown (0x1234)".</summary>
    public string GetName(int value)
    {
        if (_entries.TryGetValue(value, out var entry))
        {
            return entry.Name;
        }

        if (IsGrease(value))
        {
            return "GREASE";
        }

        return Width == 1
            ? string.Create(CultureInfo.InvariantCulture, $"unknown ({value})")
            : string.Create(CultureInfo.InvariantCulture, $"unknown (0x{value:x4})");
    }

    /// <summary>The description, a GREASE note, or null.</summary>
    public string? GetDescription(int value)
    {
        if (_entries.TryGetValue(value, out var entry))
        {
            return entry.Description;
        }

        return IsGrease(value)
            ? "a reserved GREASE value (RFC 8701): sent at random so that servers which choke on unknown values are found early; it means nothing"
            : null;
    }
}
