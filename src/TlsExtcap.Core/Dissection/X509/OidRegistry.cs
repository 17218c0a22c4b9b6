
namespace TlsExtcap.Core.Dissection.X509;

/// <summary>
/// Object identifiers X.509 certificates carry, with a name and, where it helps, what they mean: algorithms
/// (RFC 3279, RFC 4055, RFC 5758, RFC 8410), attribute types (RFC 5280 §4.1.2.4, X.520), extensions
/// (RFC 5280 §4.2, RFC 6962), key purposes, access methods and common certificate policies.
/// </summary>
public static class OidRegistry
{
    private static readonly Dictionary<string, (string Name, string? Text)> Entries = new Dictionary<string, (string, string?)>
    {
        // Algorithms.
        ["1.2.840.113549.1.1.1"] = ("rsaEncryption", "an RSA public key (RFC 8017)"),
        ["1.2.840.113549.1.1.4"] = ("md5WithRSAEncryption", "MD5 with RSA: broken, no longer trusted"),
        ["1.2.840.113549.1.1.5"] = ("sha1WithRSAEncryption", "SHA-1 with RSA: collisions are practical, no longer trusted for certificates"),
        ["1.2.840.113549.1.1.10"] = ("RSASSA-PSS", "RSA-PSS signature; the hash and salt length are in the parameters (RFC 4055)"),
        ["1.2.840.113549.1.1.11"] = ("sha256WithRSAEncryption", "RSA PKCS#1 v1.5 signature over a SHA-256 digest (RFC 4055)"),
        ["1.2.840.113549.1.1.12"] = ("sha384WithRSAEncryption", "RSA PKCS#1 v1.5 signature over a SHA-384 digest (RFC 4055)"),
        ["1.2.840.113549.1.1.13"] = ("sha512WithRSAEncryption", "RSA PKCS#1 v1.5 signature over a SHA-512 digest (RFC 4055)"),
        ["1.2.840.10045.2.1"] = ("ecPublicKey", "an elliptic-curve public key; the curve is in the parameters (RFC 5480)"),
        ["1.2.840.10045.4.1"] = ("ecdsa-with-SHA1", "ECDSA over a SHA-1 digest"),
        ["1.2.840.10045.4.3.2"] = ("ecdsa-with-SHA256", "ECDSA over a SHA-256 digest (RFC 5758)"),
        ["1.2.840.10045.4.3.3"] = ("ecdsa-with-SHA384", "ECDSA over a SHA-384 digest (RFC 5758)"),
        ["1.2.840.10045.4.3.4"] = ("ecdsa-with-SHA512", "ECDSA over a SHA-512 digest (RFC 5758)"),
        ["1.2.840.10045.3.1.7"] = ("prime256v1 (P-256)", "the NIST P-256 curve"),
        ["1.3.132.0.34"] = ("secp384r1 (P-384)", "the NIST P-384 curve"),
        ["1.3.132.0.35"] = ("secp521r1 (P-521)", "the NIST P-521 curve"),
        ["1.3.101.110"] = ("X25519", "an X25519 key (RFC 8410)"),
        ["1.3.101.111"] = ("X448", "an X448 key (RFC 8410)"),
        ["1.3.101.112"] = ("Ed25519", "an Ed25519 key or signature (RFC 8410)"),
        ["1.3.101.113"] = ("Ed448", "an Ed448 key or signature (RFC 8410)"),
        ["1.2.840.10040.4.1"] = ("dsa", "a DSA key"),
        ["1.2.840.10040.4.3"] = ("dsa-with-sha1", "DSA over a SHA-1 digest"),
        ["2.16.840.1.101.3.4.2.1"] = ("sha256", null),
        ["2.16.840.1.101.3.4.2.2"] = ("sha384", null),
        ["2.16.840.1.101.3.4.2.3"] = ("sha512", null),
        ["1.2.840.113549.1.1.8"] = ("mgf1", "the PSS mask generation function"),

        // Attribute types (X.520).
        ["2.5.4.3"] = ("commonName", "the name; for servers traditionally the host name, now superseded by subjectAltName"),
        ["2.5.4.4"] = ("surname", null),
        ["2.5.4.5"] = ("serialNumber", "a serial number of the subject (not of the certificate)"),
        ["2.5.4.6"] = ("countryName", "two-letter ISO 3166 country code"),
        ["2.5.4.7"] = ("localityName", "city or locality"),
        ["2.5.4.8"] = ("stateOrProvinceName", "state or province"),
        ["2.5.4.9"] = ("streetAddress", null),
        ["2.5.4.10"] = ("organizationName", "the organization"),
        ["2.5.4.11"] = ("organizationalUnitName", "a unit of the organization"),
        ["2.5.4.12"] = ("title", null),
        ["2.5.4.15"] = ("businessCategory", "EV certificates: the kind of organization"),
        ["2.5.4.17"] = ("postalCode", null),
        ["2.5.4.42"] = ("givenName", null),
        ["2.5.4.97"] = ("organizationIdentifier", null),
        ["1.2.840.113549.1.9.1"] = ("emailAddress", "legacy place for an e-mail address; subjectAltName rfc822Name is the modern one"),
        ["0.9.2342.19200300.100.1.25"] = ("domainComponent", "one label of a DNS domain"),
        ["1.3.6.1.4.1.311.60.2.1.3"] = ("jurisdictionCountryName", "EV certificates: the country of incorporation"),

        // Extensions (RFC 5280 §4.2 and others).
        ["2.5.29.14"] = ("Subject Key Identifier", "identifies this certificate's public key, so that certificates it issues can point to it (RFC 5280 §4.2.1.2)"),
        ["2.5.29.15"] = ("Key Usage", "what the key may be used for (RFC 5280 §4.2.1.3)"),
        ["2.5.29.17"] = ("Subject Alternative Names", "the names the certificate is valid for; clients check the host name against these (RFC 5280 §4.2.1.6, RFC 6125)"),
        ["2.5.29.18"] = ("Issuer Alternative Names", "other names of the issuer (RFC 5280 §4.2.1.7)"),
        ["2.5.29.19"] = ("Basic Constraints", "whether the subject is a CA that may issue certificates, and how long a chain below it may be (RFC 5280 §4.2.1.9)"),
        ["2.5.29.30"] = ("Name Constraints", "the names a CA may issue certificates for (RFC 5280 §4.2.1.10)"),
        ["2.5.29.31"] = ("CRL Distribution Points", "where to fetch the issuer's certificate revocation list (RFC 5280 §4.2.1.13)"),
        ["2.5.29.32"] = ("Certificate Policies", "the policies the certificate was issued under, e.g. the CA/Browser Forum validation level (RFC 5280 §4.2.1.4)"),
        ["2.5.29.35"] = ("Authority Key Identifier", "the issuer's key, so that a client can find the issuing certificate (RFC 5280 §4.2.1.1)"),
        ["2.5.29.37"] = ("Extended Key Usage", "the purposes the key is for, e.g. TLS server authentication (RFC 5280 §4.2.1.12)"),
        ["1.3.6.1.5.5.7.1.1"] = ("Authority Information Access", "where to check revocation (OCSP) and to fetch the issuer's certificate (RFC 5280 §4.2.2.1)"),
        ["1.3.6.1.5.5.7.1.24"] = ("TLS Feature", "e.g. OCSP must-staple: the server must staple an OCSP response (RFC 7633)"),
        ["1.3.6.1.4.1.11129.2.4.2"] = ("Certificate Transparency", "signed certificate timestamps: promises from public logs that the certificate was logged (RFC 6962 §3.3)"),
        ["1.3.6.1.4.1.11129.2.4.3"] = ("CT Precertificate Poison", "marks a precertificate, which must not be used (RFC 6962 §3.1)"),

        // Key purposes (RFC 5280 §4.2.1.12).
        ["1.3.6.1.5.5.7.3.1"] = ("serverAuth", "TLS server authentication"),
        ["1.3.6.1.5.5.7.3.2"] = ("clientAuth", "TLS client authentication"),
        ["1.3.6.1.5.5.7.3.3"] = ("codeSigning", "code signing"),
        ["1.3.6.1.5.5.7.3.4"] = ("emailProtection", "e-mail protection (S/MIME)"),
        ["1.3.6.1.5.5.7.3.8"] = ("timeStamping", "time stamping"),
        ["1.3.6.1.5.5.7.3.9"] = ("OCSPSigning", "signing OCSP responses"),
        ["2.5.29.37.0"] = ("anyExtendedKeyUsage", "any purpose"),

        // Access methods (RFC 5280 §4.2.2.1).
        ["1.3.6.1.5.5.7.48.1"] = ("OCSP", "the OCSP responder to ask whether the certificate is revoked"),
        ["1.3.6.1.5.5.7.48.2"] = ("caIssuers", "where the issuer's certificate can be downloaded"),

        // Policies and qualifiers.
        ["2.23.140.1.2.1"] = ("CA/B domain validated", "the CA checked control of the domain only (CA/Browser Forum Baseline Requirements)"),
        ["2.23.140.1.2.2"] = ("CA/B organization validated", "the CA checked the organization too"),
        ["2.23.140.1.2.3"] = ("CA/B individual validated", "the CA checked the individual"),
        ["2.23.140.1.1"] = ("CA/B extended validation", "extended validation of the organization"),
        ["1.3.6.1.4.1.44947.1.1.1"] = ("Let's Encrypt policy", "ISRG Domain Validated policy"),
        ["2.5.29.32.0"] = ("anyPolicy", "any policy"),
        ["1.3.6.1.5.5.7.2.1"] = ("CPS", "a link to the CA's certification practice statement"),
        ["1.3.6.1.5.5.7.2.2"] = ("User Notice", "a notice to show to users"),
    };

    public static string Name(string oid) => Entries.TryGetValue(oid, out var entry) ? entry.Name : oid;

    public static string? Text(string oid) => Entries.TryGetValue(oid, out var entry) ? entry.Text : null;

    public static bool IsKnown(string oid) => Entries.ContainsKey(oid);
}
