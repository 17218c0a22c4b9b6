using System.Globalization;
using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Core.Dissection.Builtin;

/// <summary>Sets a node's value and text from a registry, the way every built-in dissector shows a code point.</summary>
internal static class Describe
{
    public static AnnotationNode Named(AnnotationNode node, ValueRegistry registry, int value, string? extra = null)
    {
        string code = registry.Width == 1
            ? value.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"0x{value:x4}");
        node.Value = $"{registry.GetName(value)} ({code})";
        string? description = registry.GetDescription(value);
        node.Text = extra is null ? description : description is null ? extra : $"{description}; {extra}";
        if (registry.IsGrease(value))
        {
            node.Name += " (GREASE)";
        }

        return node;
    }

    public static string Version(ushort version) =>
        string.Create(CultureInfo.InvariantCulture, $"{TlsVersionNames.GetName(version)} (0x{version:x4})");

    public static string Count(int count, string one, string many) =>
        count == 1 ? $"1 {one}" : string.Create(CultureInfo.InvariantCulture, $"{count} {many}");
}
