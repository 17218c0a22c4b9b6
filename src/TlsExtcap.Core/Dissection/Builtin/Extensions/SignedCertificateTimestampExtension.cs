using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 6962 §3.3: empty in the ClientHello; otherwise SignedCertificateTimestampList (SerializedSCT sct_list&lt;1..2^16-1&gt;).</summary>
internal sealed class SignedCertificateTimestampExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.SignedCertificateTimestamp)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        if (data.IsEmpty)
        {
            data.Parent.Value = context.FromClient ? "requested (no data)" : "empty";
            return;
        }

        var list = data.Vector(2, "SCT List", out var listNode, "each entry is a signed promise from a Certificate Transparency log that the certificate was logged publicly", minLength: 1);
        int count = 0;
        while (!list.IsEmpty)
        {
            var sct = list.Vector(2, "Signed Certificate Timestamp", out var sctNode, null, minLength: 1);
            SctFields.Dissect(ref sct);
            sctNode.Value = sctNode.Children.Count > 2 ? sctNode.Children[2].Value : null;
            count++;
        }

        listNode.Value = Describe.Count(count, "SCT", "SCTs");
        data.Parent.Value = listNode.Value;
        data.EnsureEnd();
    }
}
