using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 8422 §5.1.2: ECPointFormat ec_point_format_list&lt;1..2^8-1&gt;.</summary>
internal sealed class EcPointFormatsExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.EcPointFormats)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        var list = data.Vector(1, "EC Point Format List", out var listNode, null, minLength: 1);
        var names = new List<string>();
        while (!list.IsEmpty)
        {
            byte format = list.UInt8("EC Point Format", out var node);
            Describe.Named(node, MiscRegistries.EcPointFormats, format);
            names.Add(MiscRegistries.EcPointFormats.GetName(format));
        }

        listNode.Value = Describe.Count(names.Count, "format", "formats");
        data.Parent.Value = string.Join(", ", names);
        data.EnsureEnd();
    }
}
