using TlsExtcap.Core.Dissection.Registries;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>RFC 6066 §8: struct { CertificateStatusType status_type; OCSPResponse response&lt;1..2^24-1&gt;; } CertificateStatus.</summary>
internal sealed class CertificateStatusDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        byte type = body.UInt8("Status Type", out var typeNode);
        Describe.Named(typeNode, MiscRegistries.CertificateStatusTypes, type);
        var response = body.Vector(3, "OCSP Response", out var responseNode, "the OCSP response the server stapled: the CA's signed statement that the certificate was not revoked", minLength: 1);
        responseNode.Value = FieldReader.Bytes(response.Remaining);
        response.Rest("DER", FieldReader.Bytes(response.Remaining));
        body.EnsureEnd();
    }
}
