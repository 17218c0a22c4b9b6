using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 8879 §3: CertificateCompressionAlgorithm algorithms&lt;2..2^8-2&gt;.</summary>
internal sealed class CompressCertificateExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.CompressCertificate)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        var list = data.Vector(1, "Algorithms", out var listNode, null, minLength: 2);
        var names = new List<string>();
        while (!list.IsEmpty)
        {
            ushort algorithm = list.UInt16("Algorithm", out var node);
            Describe.Named(node, MiscRegistries.CertificateCompression, algorithm);
            names.Add(MiscRegistries.CertificateCompression.GetName(algorithm));
        }

        listNode.Value = string.Join(", ", names);
        data.Parent.Value = listNode.Value;
        data.EnsureEnd();
    }
}
