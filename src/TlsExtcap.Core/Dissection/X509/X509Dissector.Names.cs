namespace TlsExtcap.Core.Dissection.X509;

public sealed partial class X509Dissector
{
    /// <summary>
    /// Name ::= SEQUENCE OF RelativeDistinguishedName; RDN ::= SET OF AttributeTypeAndValue
    /// { type OBJECT IDENTIFIER, value DirectoryString } (RFC 5280 §4.1.2.4). Returns "C=US, O=…, CN=…".
    /// </summary>
    private static string Name(AnnotationNode parent, DerElement name, string what, string text)
    {
        var bytes = parent.Source.Bytes.Span;
        var node = Node(parent, name, what, null, text);
        Header(node, name, $"{what} Header", $"SEQUENCE of the {what.ToLowerInvariant()}'s relative distinguished names");
        var outer = new DerReader(bytes, name.ContentOffset, name.End, what);
        var parts = new List<string>();
        while (!outer.IsEmpty)
        {
            var rdn = outer.Read(DerElement.Set, "RelativeDistinguishedName");
            var inner = outer.Enter(rdn, "RelativeDistinguishedName");
            var names = new List<string>();
            var rdnNode = Node(node, rdn, what, null, null);
            while (!inner.IsEmpty)
            {
                var attribute = inner.Read(DerElement.Sequence, "AttributeTypeAndValue");
                var fields = inner.Enter(attribute, "AttributeTypeAndValue");
                var type = fields.Read(DerElement.ObjectIdentifier, "type");
                string oid = DerValues.ObjectIdentifier(bytes.Slice(type.Offset, type.Length));
                var value = fields.Read();
                string text2 = DerValues.String(value.Tag, fields.Content(value));
                string label = OidRegistry.Name(oid);
                rdnNode.Name = $"{what} {Pretty(label)}";
                rdnNode.Text = OidRegistry.Text(oid);
                names.Add($"{Short(label)}={text2}");
            }

            rdnNode.Value = string.Join(" + ", names);
            parts.AddRange(names);
        }

        node.Value = string.Join(", ", parts);
        return node.Value;
    }

    private static string Short(string attribute) => attribute switch
    {
        "commonName" => "CN",
        "countryName" => "C",
        "organizationName" => "O",
        "organizationalUnitName" => "OU",
        "localityName" => "L",
        "stateOrProvinceName" => "ST",
        "domainComponent" => "DC",
        "emailAddress" => "E",
        _ => attribute,
    };

    private static string Pretty(string attribute) => attribute switch
    {
        "commonName" => "Common Name",
        "countryName" => "Country",
        "organizationName" => "Organization Name",
        "organizationalUnitName" => "Organizational Unit",
        "localityName" => "Locality",
        "stateOrProvinceName" => "State or Province",
        _ => attribute,
    };
}
