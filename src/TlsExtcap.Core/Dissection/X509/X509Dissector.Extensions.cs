using System.Net;
using TlsExtcap.Core.Dissection.Builtin.Extensions;

namespace TlsExtcap.Core.Dissection.X509;

public sealed partial class X509Dissector
{
    private static readonly string[] KeyUsageBits =
    [
        "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
    ];

    /// <summary>
    /// [3] EXPLICIT Extensions ::= SEQUENCE OF Extension; Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER,
    /// critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } (RFC 5280 §4.1.2.9).
    /// </summary>
    private static void Extensions(AnnotationNode parent, DerElement tagged, DerReader explicitContent)
    {
        var sequence = explicitContent.Read(DerElement.Sequence, "Extensions");
        var node = Node(parent, tagged, "Extensions", null, "v3 extensions: what the certificate may be used for and how to check it");
        // The [3] tag and the SEQUENCE OF header, together: where the list of extensions begins.
        node.Add("Extensions Header", tagged.Offset, tagged.HeaderLength + sequence.HeaderLength,
            $"[3] {FieldReader.Bytes(tagged.ContentLength)}, SEQUENCE {FieldReader.Bytes(sequence.ContentLength)}",
            "the context tag [3] that marks the extensions, and the SEQUENCE that lists them");
        var list = explicitContent.Enter(sequence, "Extensions");
        int count = 0;
        while (!list.IsEmpty)
        {
            Extension(node, list.Read(DerElement.Sequence, "Extension"));
            count++;
        }

        node.Value = count == 1 ? "1 extension" : $"{count} extensions";
    }

    private static void Extension(AnnotationNode parent, DerElement extension)
    {
        var bytes = parent.Source.Bytes.Span;
        var fields = new DerReader(bytes, extension.ContentOffset, extension.End, "Extension");
        var id = fields.Read(DerElement.ObjectIdentifier, "extnID");
        string oid = DerValues.ObjectIdentifier(bytes.Slice(id.Offset, id.Length));
        var node = Node(parent, extension, $"Extension: {OidRegistry.Name(oid)}", null, OidRegistry.Text(oid));
        Node(node, id, "Extension ID", oid, null);
        bool critical = false;
        if (fields.Peek().Tag == DerElement.Boolean)
        {
            var flag = fields.Read();
            critical = fields.Content(flag) is [not 0];
            Node(node, flag, "Critical", critical ? "yes" : "no",
                critical ? "a client that does not understand this extension must reject the certificate (RFC 5280 §4.2)" : null);
        }

        var value = fields.Read(DerElement.OctetString, "extnValue");
        var valueNode = Node(node, value, "Value", FieldReader.Bytes(value.ContentLength), "the extension's own DER, wrapped in an OCTET STRING");
        var inner = new DerReader(bytes, value.ContentOffset, value.End, OidRegistry.Name(oid));
        string? summary = oid switch
        {
            "2.5.29.15" => KeyUsage(valueNode, inner),
            "2.5.29.37" => OidList(valueNode, inner, "Key Purpose"),
            "2.5.29.19" => BasicConstraints(valueNode, inner),
            "2.5.29.14" => KeyIdentifier(valueNode, inner),
            "2.5.29.35" => AuthorityKeyIdentifier(valueNode, inner),
            "2.5.29.17" or "2.5.29.18" => GeneralNames(valueNode, inner.Read(DerElement.Sequence, "GeneralNames"), 0),
            "1.3.6.1.5.5.7.1.1" => AuthorityInformationAccess(valueNode, inner),
            "2.5.29.32" => CertificatePolicies(valueNode, inner),
            "2.5.29.31" => CrlDistributionPoints(valueNode, inner),
            "1.3.6.1.4.1.11129.2.4.2" => SctList(valueNode, inner),
            _ => null,
        };
        node.Value = (critical ? "critical; " : string.Empty) + (summary ?? FieldReader.Bytes(value.ContentLength));
    }

    /// <summary>KeyUsage ::= BIT STRING (RFC 5280 §4.2.1.3).</summary>
    private static string KeyUsage(AnnotationNode node, DerReader reader)
    {
        var bits = reader.Read(DerElement.BitString, "KeyUsage");
        var content = reader.Content(bits);
        var names = new List<string>();
        for (int i = 0; i < KeyUsageBits.Length && 1 + (i / 8) < content.Length; i++)
        {
            if ((content[1 + (i / 8)] & (0x80 >> (i % 8))) != 0)
            {
                names.Add(KeyUsageBits[i]);
            }
        }

        string value = string.Join(", ", names);
        Node(node, bits, "Key Usage Bits", value, names.Contains("keyEncipherment")
            ? "keyEncipherment lets the key decrypt an RSA key exchange; digitalSignature lets it sign (TLS 1.3 and ECDHE)"
            : null);
        return value;
    }

    private static string OidList(AnnotationNode node, DerReader reader, string item)
    {
        var bytes = node.Source.Bytes.Span;
        var sequence = reader.Read(DerElement.Sequence, item);
        var list = reader.Enter(sequence, item);
        var names = new List<string>();
        while (!list.IsEmpty)
        {
            var oid = list.Read(DerElement.ObjectIdentifier, item);
            string dotted = DerValues.ObjectIdentifier(bytes.Slice(oid.Offset, oid.Length));
            Node(node, oid, item, $"{OidRegistry.Name(dotted)} ({dotted})", OidRegistry.Text(dotted));
            names.Add(OidRegistry.Name(dotted));
        }

        return string.Join(", ", names);
    }

    /// <summary>BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } (RFC 5280 §4.2.1.9).</summary>
    private static string BasicConstraints(AnnotationNode node, DerReader reader)
    {
        var sequence = reader.Read(DerElement.Sequence, "BasicConstraints");
        var fields = reader.Enter(sequence, "BasicConstraints");
        bool ca = false;
        string? path = null;
        if (!fields.IsEmpty && fields.Peek().Tag == DerElement.Boolean)
        {
            var flag = fields.Read();
            ca = fields.Content(flag) is [not 0];
            Node(node, flag, "CA", ca ? "yes" : "no", null);
        }

        if (!fields.IsEmpty)
        {
            var length = fields.Read(DerElement.Integer, "pathLenConstraint");
            path = DerValues.Integer(fields.Content(length));
            Node(node, length, "Path Length", path, "how many intermediate CAs may follow below this one");
        }

        return ca ? $"CA{(path is null ? string.Empty : $", path length {path}")}" : "not a CA: an end-entity certificate that cannot issue others";
    }

    private static string KeyIdentifier(AnnotationNode node, DerReader reader)
    {
        var id = reader.Read(DerElement.OctetString, "KeyIdentifier");
        string value = HexText.Spaced(reader.Content(id), 20);
        Node(node, id, "Key Identifier", value, "usually the SHA-1 hash of the public key");
        return value;
    }

    /// <summary>AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0], authorityCertIssuer [1], authorityCertSerialNumber [2] }.</summary>
    private static string AuthorityKeyIdentifier(AnnotationNode node, DerReader reader)
    {
        var sequence = reader.Read(DerElement.Sequence, "AuthorityKeyIdentifier");
        var fields = reader.Enter(sequence, "AuthorityKeyIdentifier");
        string? key = null;
        while (!fields.IsEmpty)
        {
            var field = fields.Read();
            if (field.IsContext(0))
            {
                key = HexText.Spaced(fields.Content(field), 20);
                Node(node, field, "Key Identifier", key, "the Subject Key Identifier of the issuer's certificate");
            }
            else
            {
                Node(node, field, field.IsContext(1) ? "Authority Cert Issuer" : "Authority Cert Serial Number", FieldReader.Bytes(field.ContentLength), null);
            }
        }

        return key ?? "issuer and serial";
    }

    /// <summary>AuthorityInfoAccessSyntax ::= SEQUENCE OF AccessDescription { accessMethod OID, accessLocation GeneralName }.</summary>
    private static string AuthorityInformationAccess(AnnotationNode node, DerReader reader)
    {
        var bytes = node.Source.Bytes.Span;
        var sequence = reader.Read(DerElement.Sequence, "AuthorityInfoAccess");
        var list = reader.Enter(sequence, "AuthorityInfoAccess");
        var parts = new List<string>();
        while (!list.IsEmpty)
        {
            var description = list.Read(DerElement.Sequence, "AccessDescription");
            var fields = list.Enter(description, "AccessDescription");
            var method = fields.Read(DerElement.ObjectIdentifier, "accessMethod");
            string oid = DerValues.ObjectIdentifier(bytes.Slice(method.Offset, method.Length));
            var descriptionNode = Node(node, description, $"Access: {OidRegistry.Name(oid)}", null, OidRegistry.Text(oid));
            Node(descriptionNode, method, "Access Method", $"{OidRegistry.Name(oid)} ({oid})", null);
            string location = GeneralName(descriptionNode, fields.Read());
            descriptionNode.Value = location;
            parts.Add($"{OidRegistry.Name(oid)} {location}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>certificatePolicies ::= SEQUENCE OF PolicyInformation { policyIdentifier OID, policyQualifiers SEQUENCE OF … OPTIONAL }.</summary>
    private static string CertificatePolicies(AnnotationNode node, DerReader reader)
    {
        var bytes = node.Source.Bytes.Span;
        var sequence = reader.Read(DerElement.Sequence, "CertificatePolicies");
        var list = reader.Enter(sequence, "CertificatePolicies");
        var names = new List<string>();
        while (!list.IsEmpty)
        {
            var information = list.Read(DerElement.Sequence, "PolicyInformation");
            var fields = list.Enter(information, "PolicyInformation");
            var id = fields.Read(DerElement.ObjectIdentifier, "policyIdentifier");
            string oid = DerValues.ObjectIdentifier(bytes.Slice(id.Offset, id.Length));
            var policy = Node(node, information, "Policy", $"{OidRegistry.Name(oid)} ({oid})", OidRegistry.Text(oid));
            Node(policy, id, "Policy Identifier", oid, null);
            if (!fields.IsEmpty)
            {
                var qualifiers = fields.Read(DerElement.Sequence, "policyQualifiers");
                var qualifierList = fields.Enter(qualifiers, "policyQualifiers");
                while (!qualifierList.IsEmpty)
                {
                    var qualifier = qualifierList.Read(DerElement.Sequence, "PolicyQualifierInfo");
                    var parts = qualifierList.Enter(qualifier, "PolicyQualifierInfo");
                    var qualifierId = parts.Read(DerElement.ObjectIdentifier, "policyQualifierId");
                    string qid = DerValues.ObjectIdentifier(bytes.Slice(qualifierId.Offset, qualifierId.Length));
                    var value = parts.Read();
                    string text = value.Tag == DerElement.Ia5String ? DerValues.String(value.Tag, parts.Content(value)) : FieldReader.Bytes(value.ContentLength);
                    Node(policy, qualifier, $"Qualifier: {OidRegistry.Name(qid)}", text, OidRegistry.Text(qid));
                }
            }

            names.Add(OidRegistry.Name(oid));
        }

        return string.Join(", ", names);
    }

    /// <summary>CRLDistributionPoints ::= SEQUENCE OF DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } … }.</summary>
    private static string CrlDistributionPoints(AnnotationNode node, DerReader reader)
    {
        var sequence = reader.Read(DerElement.Sequence, "CRLDistributionPoints");
        var list = reader.Enter(sequence, "CRLDistributionPoints");
        var urls = new List<string>();
        while (!list.IsEmpty)
        {
            var point = list.Read(DerElement.Sequence, "DistributionPoint");
            var pointNode = Node(node, point, "Distribution Point", null, null);
            var fields = list.Enter(point, "DistributionPoint");
            while (!fields.IsEmpty)
            {
                var field = fields.Read();
                if (field.IsContext(0))
                {
                    var name = fields.Enter(field, "DistributionPointName");
                    var fullName = name.Read();
                    if (fullName.IsContext(0))
                    {
                        string names = GeneralNames(pointNode, fullName, 1);
                        pointNode.Value = names;
                        urls.Add(names);
                    }
                }
            }
        }

        return string.Join(", ", urls);
    }

    /// <summary>The SCT list extension holds an OCTET STRING whose content is a TLS-encoded SignedCertificateTimestampList (RFC 6962 §3.3).</summary>
    private static string SctList(AnnotationNode node, DerReader reader)
    {
        var octets = reader.Read(DerElement.OctetString, "SignedCertificateTimestampList");
        var listNode = Node(node, octets, "SCT List", null, "TLS-encoded inside the DER (RFC 6962 §3.3)");
        var tls = new FieldReader(listNode, octets.ContentOffset, octets.ContentLength, "SignedCertificateTimestampList");
        try
        {
            var list = tls.Vector(2, "Signed Certificate Timestamps", out var vectorNode, null, minLength: 1);
            int count = 0;
            while (!list.IsEmpty)
            {
                var sct = list.Vector(2, "Signed Certificate Timestamp", out var sctNode, null, minLength: 1);
                SctFields.Dissect(ref sct);
                sctNode.Value = sctNode.Children.Count > 3 ? sctNode.Children[3].Value : null;
                count++;
            }

            vectorNode.Value = count == 1 ? "1 SCT" : $"{count} SCTs";
            listNode.Value = vectorNode.Value;
            return vectorNode.Value;
        }
        catch (Tls.TlsDecodeException ex)
        {
            AnnotationSink.MarkMalformed(listNode, ex);
            return "malformed";
        }
    }

    /// <summary>GeneralNames ::= SEQUENCE OF GeneralName (RFC 5280 §4.2.1.6); <paramref name="depth"/> guards nesting.</summary>
    private static string GeneralNames(AnnotationNode node, DerElement sequence, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new DerDecodeException(DerDecodeError.TooDeep, "GeneralNames");
        }

        var list = new DerReader(node.Source.Bytes.Span, sequence.ContentOffset, sequence.End, "GeneralNames");
        var names = new List<string>();
        while (!list.IsEmpty)
        {
            names.Add(GeneralName(node, list.Read()));
        }

        return string.Join(", ", names);
    }

    /// <summary>GeneralName: [1] rfc822Name, [2] dNSName, [4] directoryName, [6] URI, [7] iPAddress, … (RFC 5280 §4.2.1.6).</summary>
    private static string GeneralName(AnnotationNode node, DerElement name)
    {
        var content = node.Source.Bytes.Span.Slice(name.ContentOffset, name.ContentLength);
        int kind = name.Tag & 0x1f;
        (string label, string value, string? text) = kind switch
        {
            1 => ("Email", DerValues.String(DerElement.Ia5String, content), null),
            2 => ("DNS Name", DerValues.String(DerElement.Ia5String, content), "a host name the certificate is valid for; \"*.\" covers one label"),
            6 => ("URI", DerValues.String(DerElement.Ia5String, content), null),
            7 => ("IP Address", content.Length is 4 or 16 ? new IPAddress(content).ToString() : HexText.Spaced(content), "an IP address the certificate is valid for"),
            4 => ("Directory Name", FieldReader.Bytes(content.Length), null),
            _ => ($"General Name [{kind}]", FieldReader.Bytes(content.Length), null),
        };
        Node(node, name, label, value, text);
        return value;
    }
}
