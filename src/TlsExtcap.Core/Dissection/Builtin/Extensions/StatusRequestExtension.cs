using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>
/// RFC 6066 §8: CertificateStatusRequest { CertificateStatusType status_type; OCSPStatusRequest request; } in the
/// ClientHello (and TLS 1.3 CertificateRequest); empty in a TLS 1.2 ServerHello; in a TLS 1.3 CertificateEntry the
/// CertificateStatus itself (RFC 8446 §4.4.2.1).
/// </summary>
internal sealed class StatusRequestExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.StatusRequest)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        if (data.IsEmpty)
        {
            data.Parent.Value = "accepted: a CertificateStatus message will follow";
            return;
        }

        byte type = data.UInt8("Status Type", out var typeNode);
        Describe.Named(typeNode, MiscRegistries.CertificateStatusTypes, type);
        if (context.Message == HandshakeType.Certificate)
        {
            var response = data.Vector(3, "OCSP Response", out var responseNode, "the stapled OCSP response (DER), signed by the CA: the certificate was not revoked when it was made", minLength: 1);
            responseNode.Value = FieldReader.Bytes(response.Remaining);
            response.Rest("DER", FieldReader.Bytes(response.Remaining));
            data.Parent.Value = "OCSP response stapled";
            data.EnsureEnd();
            return;
        }

        var responders = data.Vector(2, "Responder ID List", out var respondersNode, "OCSP responders the client trusts; empty: the server knows best");
        respondersNode.Value = responders.IsEmpty ? "empty" : FieldReader.Bytes(responders.Remaining);
        if (!responders.IsEmpty)
        {
            responders.Rest("Responder IDs", FieldReader.Bytes(responders.Remaining));
        }

        var extensions = data.Vector(2, "Request Extensions", out var extensionsNode, "OCSP request extensions (DER), e.g. a nonce");
        extensionsNode.Value = extensions.IsEmpty ? "none" : FieldReader.Bytes(extensions.Remaining);
        if (!extensions.IsEmpty)
        {
            extensions.Rest("DER", FieldReader.Bytes(extensions.Remaining));
        }

        data.EnsureEnd();
        data.Parent.Value = "OCSP stapling requested";
    }
}
