using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 8446 §4.2.9: PskKeyExchangeMode ke_modes&lt;1..255&gt;.</summary>
internal sealed class PskKeyExchangeModesExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.PskKeyExchangeModes)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        var list = data.Vector(1, "Key Exchange Modes", out var listNode, null, minLength: 1);
        var names = new List<string>();
        while (!list.IsEmpty)
        {
            byte mode = list.UInt8("Mode", out var node);
            Describe.Named(node, MiscRegistries.PskKeyExchangeModes, mode);
            names.Add(MiscRegistries.PskKeyExchangeModes.GetName(mode));
        }

        listNode.Value = string.Join(", ", names);
        data.Parent.Value = string.Join(", ", names);
        data.EnsureEnd();
    }
}
