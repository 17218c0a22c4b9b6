using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 8446 §4.2.4: DistinguishedName authorities&lt;3..2^16-1&gt;; DistinguishedName opaque&lt;1..2^16-1&gt; (DER).</summary>
internal sealed class CertificateAuthoritiesExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.CertificateAuthorities)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        DistinguishedNames.Dissect(ref data, "Authorities");
        data.Parent.Value = data.Parent.Children.Count > 2 ? data.Parent.Children[^1].Value : null;
        data.EnsureEnd();
    }
}
