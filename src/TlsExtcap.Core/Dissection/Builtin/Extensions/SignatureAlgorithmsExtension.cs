using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 8446 §4.2.3: SignatureScheme supported_signature_algorithms&lt;2..2^16-2&gt; (also signature_algorithms_cert).</summary>
internal sealed class SignatureAlgorithmsExtension(ExtensionType type) : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)type)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        var list = data.Vector(2, "Signature Scheme List", out var listNode, "in order of preference", minLength: 2);
        int count = 0;
        while (!list.IsEmpty)
        {
            ushort scheme = list.UInt16("Signature Scheme", out var node);
            Describe.Named(node, SignatureSchemes.Registry, scheme);
            count++;
        }

        listNode.Value = Describe.Count(count, "scheme", "schemes");
        data.Parent.Value = listNode.Value;
        data.EnsureEnd();
    }
}
