using TlsExtcap.Core.Dissection.Builtin.Extensions;
using TlsExtcap.Core.Tls;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>
/// RFC 8446 §4.4.2: struct { opaque certificate_request_context&lt;0..2^8-1&gt;; CertificateEntry
/// certificate_list&lt;0..2^24-1&gt;; } Certificate; CertificateEntry = { opaque cert_data&lt;1..2^24-1&gt;;
/// Extension extensions&lt;0..2^16-1&gt;; }. RFC 5246 §7.4.2: ASN.1Cert certificate_list&lt;0..2^24-1&gt;.
/// </summary>
internal sealed class CertificateDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        if (context.IsTls13)
        {
            var requestContext = body.Vector(1, "Certificate Request Context", out var contextNode,
                "empty in the server's certificate; for a client certificate it echoes the CertificateRequest's context (RFC 8446 §4.4.2)");
            contextNode.Value = requestContext.IsEmpty ? "empty" : HexText.Spaced(requestContext.RemainingSpan);
            if (!requestContext.IsEmpty)
            {
                requestContext.Rest("Value", HexText.Spaced(requestContext.RemainingSpan));
            }
        }

        var list = body.Vector(3, "Certificate List", out var listNode, context.FromClient
            ? "the client's certificate chain, its own certificate first"
            : "the server's certificate chain: its own certificate first, then each issuer; the root is usually left out");
        var certificates = new List<AnnotationNode>();
        while (!list.IsEmpty)
        {
            int index = certificates.Count;
            var peek = list.Peek(3);
            int length = (peek[0] << 16) | (peek[1] << 8) | peek[2];
            int entryLength = 3 + length;
            if (context.IsTls13)
            {
                if (list.Remaining < entryLength + 2)
                {
                    throw new TlsDecodeException(TlsDecodeError.Truncated, "CertificateEntry");
                }

                var extPeek = list.RemainingSpan.Slice(entryLength, 2);
                entryLength += 2 + ((extPeek[0] << 8) | extPeek[1]);
            }

            string title = index == 0 ? "Certificate 1 (end entity)" : $"Certificate {index + 1} (issuer of {index})";
            var entry = list.Struct(title, entryLength, out var entryNode);
            var data = entry.Vector(3, "Certificate Data", out var dataNode, null, minLength: 1);
            dataNode.Value = FieldReader.Bytes(data.Remaining);
            var der = data.Rest("X.509 Certificate", null, "the certificate in DER (RFC 5280)");
            try
            {
                context.Registry.Certificates?.Dissect(der, context);
            }
            catch (TlsDecodeException ex)
            {
                AnnotationSink.MarkMalformed(der, ex);
            }

            entryNode.Value = der.Value;
            certificates.Add(der);
            if (context.IsTls13)
            {
                ExtensionList.Dissect(ref entry, context, "Extensions");
            }

            entry.EnsureEnd();
        }

        listNode.Value = Describe.Count(certificates.Count, "certificate", "certificates");
        body.EnsureEnd();
        context.Checks?.OnCertificates(certificates, context);
        body.Parent.Value = $"{body.Parent.Value}; {listNode.Value}";
    }
}
