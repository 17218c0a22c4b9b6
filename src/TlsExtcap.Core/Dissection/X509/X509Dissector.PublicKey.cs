namespace TlsExtcap.Core.Dissection.X509;

public sealed partial class X509Dissector
{
    /// <summary>SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } (RFC 5280 §4.1.2.7).</summary>
    private static void SubjectPublicKeyInfo(AnnotationNode parent, DerElement spki, DerReader reader)
    {
        var bytes = parent.Source.Bytes.Span;
        var node = Node(parent, spki, "Subject Public Key Info", null, "the subject's public key: the key whose private half signs the TLS handshake");
        Header(node, spki, "Subject Public Key Info Header", "SEQUENCE of the key's algorithm and the key");
        var algorithm = reader.Read(DerElement.Sequence, "algorithm");
        var algorithmNode = Node(node, algorithm, "Public Key Algorithm", null, null);
        string oid = AlgorithmIdentifier(algorithmNode, reader.Enter(algorithm, "AlgorithmIdentifier"));
        var key = reader.Read(DerElement.BitString, "subjectPublicKey");
        var keyNode = Node(node, key, "Subject Public Key", null, null);
        var content = reader.Content(key);
        string description = oid switch
        {
            "1.2.840.113549.1.1.1" => RsaKey(keyNode, key, content),
            "1.2.840.10045.2.1" => $"EC point, {(content.Length > 1 && content[1] == 4 ? "uncompressed" : "compressed")}, {FieldReader.Bytes(content.Length - 1)}",
            "1.3.101.112" or "1.3.101.110" => "32-byte key",
            "1.3.101.113" => "57-byte key",
            "1.3.101.111" => "56-byte key",
            _ => FieldReader.Bytes(content.Length - 1),
        };
        keyNode.Value = description;
        node.Value = $"{OidRegistry.Name(oid)}, {description}";
        _ = bytes;
    }

    /// <summary>RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } inside the BIT STRING (RFC 8017 §A.1.1).</summary>
    private static string RsaKey(AnnotationNode keyNode, DerElement key, ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty || content[0] != 0)
        {
            throw new DerDecodeException(DerDecodeError.BadValue, "subjectPublicKey", "unused bits in an RSA key");
        }

        var bytes = keyNode.Source.Bytes.Span;
        keyNode.Add("Unused Bits", key.ContentOffset, 1, "0", "a BIT STRING starts with the number of unused bits in its last byte");
        var outer = new DerReader(bytes, key.ContentOffset + 1, key.End, "RSAPublicKey");
        var sequence = outer.Read(DerElement.Sequence, "RSAPublicKey");
        var rsa = Node(keyNode, sequence, "RSA Public Key", null, null);
        var fields = outer.Enter(sequence, "RSAPublicKey");
        var modulus = fields.Read(DerElement.Integer, "modulus");
        var modulusBytes = fields.Content(modulus);
        int bits = (modulusBytes.TrimStart((byte)0).Length * 8) - LeadingZeroBits(modulusBytes.TrimStart((byte)0));
        Node(rsa, modulus, "Modulus", $"{bits} bits", "n = p·q; its size is the key size");
        var exponent = fields.Read(DerElement.Integer, "publicExponent");
        string e = DerValues.Integer(fields.Content(exponent));
        Node(rsa, exponent, "Public Exponent", e, e == "65537" ? "65537 (0x10001), the usual choice" : null);
        rsa.Value = $"{bits}-bit modulus, e = {e}";
        return $"RSA {bits} bits, e = {e}";
    }

    private static int LeadingZeroBits(ReadOnlySpan<byte> value) =>
        value.IsEmpty ? 0 : System.Numerics.BitOperations.LeadingZeroCount((uint)value[0]) - 24;
}
