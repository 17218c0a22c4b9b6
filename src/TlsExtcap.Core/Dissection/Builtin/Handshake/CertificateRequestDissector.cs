using TlsExtcap.Core.Dissection.Builtin.Extensions;
using TlsExtcap.Core.Dissection.Registries;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>
/// RFC 8446 §4.3.2: struct { opaque certificate_request_context&lt;0..2^8-1&gt;; Extension extensions&lt;2..2^16-1&gt;; };
/// RFC 5246 §7.4.4: struct { ClientCertificateType certificate_types&lt;1..2^8-1&gt;; SignatureAndHashAlgorithm
/// supported_signature_algorithms&lt;2..2^16-2&gt; (TLS 1.2); DistinguishedName certificate_authorities&lt;0..2^16-1&gt;; }.
/// </summary>
internal sealed class CertificateRequestDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        body.Parent.Value = $"{body.Parent.Value}; the server asks the client to authenticate with a certificate";
        if (context.IsTls13)
        {
            var requestContext = body.Vector(1, "Certificate Request Context", out var contextNode, "echoed in the client's Certificate, to match it to this request");
            contextNode.Value = requestContext.IsEmpty ? "empty" : HexText.Spaced(requestContext.RemainingSpan);
            if (!requestContext.IsEmpty)
            {
                requestContext.Rest("Value", HexText.Spaced(requestContext.RemainingSpan));
            }

            ExtensionList.Dissect(ref body, context);
            body.EnsureEnd();
            return;
        }

        var types = body.Vector(1, "Certificate Types", out var typesNode, "the key types the client certificate may have", minLength: 1);
        while (!types.IsEmpty)
        {
            byte type = types.UInt8("Certificate Type", out var node);
            Describe.Named(node, MiscRegistries.ClientCertificateTypes, type);
        }

        typesNode.Value = Describe.Count(typesNode.Children.Count - 1, "type", "types");
        if (context.IsTls12)
        {
            var schemes = body.Vector(2, "Signature Algorithms", out var schemesNode, "the signature schemes the server accepts in the client's CertificateVerify", minLength: 2);
            while (!schemes.IsEmpty)
            {
                ushort scheme = schemes.UInt16("Signature Scheme", out var node);
                Describe.Named(node, SignatureSchemes.Registry, scheme);
            }

            schemesNode.Value = Describe.Count(schemesNode.Children.Count - 1, "scheme", "schemes");
        }

        DistinguishedNames.Dissect(ref body, "Certificate Authorities");
        body.EnsureEnd();
    }
}
