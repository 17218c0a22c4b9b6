namespace TlsExtcap.Core.Dissection.X509;

/// <summary>
/// Annotates an X.509 certificate (RFC 5280 §4.1) field by field:
/// <code>
/// Certificate ::= SEQUENCE { tbsCertificate TBSCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
/// TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, serialNumber, signature AlgorithmIdentifier,
///     issuer Name, validity Validity, subject Name, subjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
///     subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT Extensions OPTIONAL }
/// </code>
/// Malformed DER never escapes: the tree stops where the bytes break and an error node says why.
/// </summary>
public sealed partial class X509Dissector : ICertificateDissector
{
    /// <summary>Deepest nesting followed inside extensions.</summary>
    private const int MaxDepth = 16;

    public void Dissect(AnnotationNode certificate, DissectionContext context)
    {
        try
        {
            DissectCertificate(certificate);
        }
        catch (DerDecodeException ex)
        {
            var error = certificate.Add(new AnnotationNode("Malformed", certificate.Source, certificate.Offset, 0, ex.Reason.ToString(), ex.Message));
            error.Severity = AnnotationSeverity.Error;
        }
    }

    private static void DissectCertificate(AnnotationNode certificate)
    {
        var bytes = certificate.Source.Bytes.Span;
        var outer = new DerReader(bytes, certificate.Offset, certificate.Offset + certificate.Length, "Certificate");
        var cert = outer.Read(DerElement.Sequence, "Certificate");
        Header(certificate, cert, "Certificate Header", "SEQUENCE of the whole certificate: to-be-signed part, signature algorithm, signature");
        var inside = outer.Enter(cert, "Certificate");

        var tbs = inside.Read(DerElement.Sequence, "TBSCertificate");
        var tbsNode = Node(certificate, tbs, "To-Be-Signed Certificate", null, "everything the issuer signs: names, validity, public key and extensions");
        Header(tbsNode, tbs, "To-Be-Signed Certificate Header", "SEQUENCE of the to-be-signed part");
        TbsCertificate(tbsNode, inside.Enter(tbs, "TBSCertificate"), out string subject, out string issuer);

        var algorithm = inside.Read(DerElement.Sequence, "signatureAlgorithm");
        var algorithmNode = Node(certificate, algorithm, "Signature Algorithm Identifier", null, "the algorithm of the issuer's signature; must equal the one inside the signed part");
        AlgorithmIdentifier(algorithmNode, inside.Enter(algorithm, "AlgorithmIdentifier"));

        var signature = inside.Read(DerElement.BitString, "signatureValue");
        Node(certificate, signature, "Signature", FieldReader.Bytes(signature.ContentLength - 1),
            "the issuer's signature over the to-be-signed part: checked with the issuer's public key, it proves the issuer vouched for this certificate");
        if (!inside.IsEmpty || !outer.IsEmpty)
        {
            throw new DerDecodeException(DerDecodeError.BadValue, "Certificate", "bytes after the signature");
        }

        certificate.Value = subject == issuer ? $"{subject} (self-signed)" : $"{subject}, issued by {issuer}";
    }

    private static void TbsCertificate(AnnotationNode tbsNode, DerReader tbs, out string subject, out string issuer)
    {
        var bytes = tbsNode.Source.Bytes.Span;
        if (tbs.Peek().IsContext(0))
        {
            var versionTag = tbs.Read();
            var inner = tbs.Enter(versionTag, "version");
            var integer = inner.Read(DerElement.Integer, "Version");
            int version = inner.Content(integer) is [var v] ? v : -1;
            Node(tbsNode, versionTag, "Version", version is >= 0 and <= 2 ? $"v{version + 1} ({version})" : "unknown",
                version == 2 ? "v3: the certificate has extensions" : "the X.509 version");
        }

        var serial = tbs.Read(DerElement.Integer, "serialNumber");
        Node(tbsNode, serial, "Serial Number", HexText.Spaced(tbs.Content(serial), 24),
            "unique among the issuer's certificates; revocation lists and OCSP name certificates by it (RFC 5280 §4.1.2.2)");

        var algorithm = tbs.Read(DerElement.Sequence, "signature");
        var algorithmNode = Node(tbsNode, algorithm, "Signature Algorithm", null, "the algorithm the issuer signed this certificate with");
        AlgorithmIdentifier(algorithmNode, tbs.Enter(algorithm, "AlgorithmIdentifier"));

        var issuerElement = tbs.Read(DerElement.Sequence, "issuer");
        issuer = Name(tbsNode, issuerElement, "Issuer", "who issued and signed the certificate: must equal the subject of the next certificate in the chain");

        var validity = tbs.Read(DerElement.Sequence, "validity");
        var validityNode = Node(tbsNode, validity, "Validity", null, "the period the certificate is valid in; clients reject it outside (RFC 5280 §4.1.2.5)");
        var times = tbs.Enter(validity, "Validity");
        var notBefore = times.Read();
        string from = DerValues.Time(bytes.Slice(notBefore.Offset, notBefore.Length));
        Node(validityNode, notBefore, "Not Before", from, null);
        var notAfter = times.Read();
        string to = DerValues.Time(bytes.Slice(notAfter.Offset, notAfter.Length));
        Node(validityNode, notAfter, "Not After", to, null);
        validityNode.Value = $"{from} to {to}";

        var subjectElement = tbs.Read(DerElement.Sequence, "subject");
        subject = Name(tbsNode, subjectElement, "Subject", "whom the certificate is for");

        var spki = tbs.Read(DerElement.Sequence, "subjectPublicKeyInfo");
        SubjectPublicKeyInfo(tbsNode, spki, tbs.Enter(spki, "SubjectPublicKeyInfo"));

        while (!tbs.IsEmpty)
        {
            var next = tbs.Read();
            if (next.IsContext(3))
            {
                Extensions(tbsNode, next, tbs.Enter(next, "extensions"));
            }
            else
            {
                Node(tbsNode, next, next.IsContext(1) ? "Issuer Unique ID" : next.IsContext(2) ? "Subject Unique ID" : "Unknown Field", null,
                    "rarely used; RFC 5280 §4.1.2.8 says CAs should not generate them");
            }
        }
    }

    /// <summary>AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL } (RFC 5280 §4.1.1.2).</summary>
    private static string AlgorithmIdentifier(AnnotationNode node, DerReader reader)
    {
        var bytes = node.Source.Bytes.Span;
        var oid = reader.Read(DerElement.ObjectIdentifier, "algorithm");
        string dotted = DerValues.ObjectIdentifier(bytes.Slice(oid.Offset, oid.Length));
        Node(node, oid, "Algorithm", $"{OidRegistry.Name(dotted)} ({dotted})", OidRegistry.Text(dotted));
        if (!reader.IsEmpty)
        {
            var parameters = reader.Read();
            Node(node, parameters, "Parameters", parameters.Tag == DerElement.Null ? "NULL" : FieldReader.Bytes(parameters.ContentLength),
                parameters.Tag == DerElement.Null ? "no parameters (an explicit NULL, as RSA algorithms have)" : ParametersText(dotted, bytes, parameters));
        }

        node.Value = OidRegistry.Name(dotted);
        return dotted;
    }

    private static string? ParametersText(string algorithm, ReadOnlySpan<byte> bytes, DerElement parameters)
    {
        if (algorithm == "1.2.840.10045.2.1" && parameters.Tag == DerElement.ObjectIdentifier)
        {
            string curve = DerValues.ObjectIdentifier(bytes.Slice(parameters.Offset, parameters.Length));
            return $"the curve: {OidRegistry.Name(curve)}";
        }

        return algorithm == "1.2.840.113549.1.1.10" ? "RSASSA-PSS parameters: hash, mask generation and salt length (RFC 4055 §3.1)" : null;
    }

    /// <summary>A node over a whole element.</summary>
    private static AnnotationNode Node(AnnotationNode parent, DerElement element, string name, string? value, string? text) =>
        parent.Add(name, element.Offset, element.Length, value, text);

    /// <summary>A node over an element's tag and length only.</summary>
    private static AnnotationNode Header(AnnotationNode parent, DerElement element, string name, string text) =>
        parent.Add(name, element.Offset, element.HeaderLength, $"tag 0x{element.Tag:x2}, {FieldReader.Bytes(element.ContentLength)}", text);
}
