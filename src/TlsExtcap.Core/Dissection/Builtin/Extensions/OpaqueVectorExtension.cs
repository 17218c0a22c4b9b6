using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>Extensions that hold one opaque vector: cookie (RFC 8446 §4.2.2, &lt;1..2^16-1&gt;) and renegotiation_info (RFC 5746 §3.2, &lt;0..255&gt;).</summary>
internal sealed class OpaqueVectorExtension(ExtensionType type, int prefixLength, string field, string emptyText, string text) : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)type)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        var vector = data.Vector(prefixLength, field, out var node, text);
        node.Value = vector.IsEmpty ? "empty" : FieldReader.Bytes(vector.Remaining);
        if (!vector.IsEmpty)
        {
            vector.Rest("Value", HexText.Spaced(vector.RemainingSpan));
        }

        data.Parent.Value = vector.IsEmpty ? emptyText : node.Value;
        data.EnsureEnd();
    }
}
