namespace TlsExtcap.Core.Dissection.Registries;

/// <summary>
/// IANA "TLS Supported Groups" (RFC 8422 §5.1.1, RFC 7919 §2, RFC 8446 §4.2.7, draft-ietf-tls-ecdhe-mlkem).
/// Source: https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-8
/// </summary>
public static class NamedGroups
{
    public static ValueRegistry Registry { get; } = new("TLS Supported Groups", 2, grease: true,
    [
        new(1, "sect163k1", "binary-field curve, deprecated by RFC 8422"),
        new(2, "sect163r1", "binary-field curve, deprecated by RFC 8422"),
        new(3, "sect163r2", "binary-field curve, deprecated by RFC 8422"),
        new(4, "sect193r1", "binary-field curve, deprecated by RFC 8422"),
        new(5, "sect193r2", "binary-field curve, deprecated by RFC 8422"),
        new(6, "sect233k1", "binary-field curve, deprecated by RFC 8422"),
        new(7, "sect233r1", "binary-field curve, deprecated by RFC 8422"),
        new(8, "sect239k1", "binary-field curve, deprecated by RFC 8422"),
        new(9, "sect283k1", "binary-field curve, deprecated by RFC 8422"),
        new(10, "sect283r1", "binary-field curve, deprecated by RFC 8422"),
        new(11, "sect409k1", "binary-field curve, deprecated by RFC 8422"),
        new(12, "sect409r1", "binary-field curve, deprecated by RFC 8422"),
        new(13, "sect571k1", "binary-field curve, deprecated by RFC 8422"),
        new(14, "sect571r1", "binary-field curve, deprecated by RFC 8422"),
        new(15, "secp160k1", "deprecated by RFC 8422"),
        new(16, "secp160r1", "deprecated by RFC 8422"),
        new(17, "secp160r2", "deprecated by RFC 8422"),
        new(18, "secp192k1", "deprecated by RFC 8422"),
        new(19, "secp192r1", "deprecated by RFC 8422"),
        new(20, "secp224k1", "deprecated by RFC 8422"),
        new(21, "secp224r1", "deprecated by RFC 8422"),
        new(22, "secp256k1", "the Bitcoin curve, deprecated for TLS by RFC 8422"),
        new(23, "secp256r1", "NIST P-256 elliptic curve"),
        new(24, "secp384r1", "NIST P-384 elliptic curve"),
        new(25, "secp521r1", "NIST P-521 elliptic curve"),
        new(26, "brainpoolP256r1", "Brainpool curve for TLS 1.2 (RFC 7027)"),
        new(27, "brainpoolP384r1", "Brainpool curve for TLS 1.2 (RFC 7027)"),
        new(28, "brainpoolP512r1", "Brainpool curve for TLS 1.2 (RFC 7027)"),
        new(29, "x25519", "Curve25519 Diffie-Hellman (RFC 7748), the most widely used TLS 1.3 group"),
        new(30, "x448", "Curve448 Diffie-Hellman (RFC 7748)"),
        new(31, "brainpoolP256r1tls13", "Brainpool curve for TLS 1.3 (RFC 8734)"),
        new(32, "brainpoolP384r1tls13", "Brainpool curve for TLS 1.3 (RFC 8734)"),
        new(33, "brainpoolP512r1tls13", "Brainpool curve for TLS 1.3 (RFC 8734)"),
        new(34, "GC256A", "GOST curve (RFC 9189)"),
        new(35, "GC256B", "GOST curve (RFC 9189)"),
        new(36, "GC256C", "GOST curve (RFC 9189)"),
        new(37, "GC256D", "GOST curve (RFC 9189)"),
        new(38, "GC512A", "GOST curve (RFC 9189)"),
        new(39, "GC512B", "GOST curve (RFC 9189)"),
        new(40, "GC512C", "GOST curve (RFC 9189)"),
        new(41, "curveSM2", "Chinese SM2 curve (RFC 8998)"),
        new(256, "ffdhe2048", "2048-bit finite-field Diffie-Hellman group (RFC 7919)"),
        new(257, "ffdhe3072", "3072-bit finite-field Diffie-Hellman group (RFC 7919)"),
        new(258, "ffdhe4096", "4096-bit finite-field Diffie-Hellman group (RFC 7919)"),
        new(259, "ffdhe6144", "6144-bit finite-field Diffie-Hellman group (RFC 7919)"),
        new(260, "ffdhe8192", "8192-bit finite-field Diffie-Hellman group (RFC 7919)"),
        new(512, "MLKEM512", "post-quantum ML-KEM-512 key encapsulation (FIPS 203)"),
        new(513, "MLKEM768", "post-quantum ML-KEM-768 key encapsulation (FIPS 203)"),
        new(514, "MLKEM1024", "post-quantum ML-KEM-1024 key encapsulation (FIPS 203)"),
        new(4587, "SecP256r1MLKEM768", "hybrid of P-256 ECDH and post-quantum ML-KEM-768"),
        new(4588, "X25519MLKEM768", "hybrid of X25519 and post-quantum ML-KEM-768, the default of current browsers"),
        new(4589, "SecP384r1MLKEM1024", "hybrid of P-384 ECDH and post-quantum ML-KEM-1024"),
        new(25497, "X25519Kyber768Draft00", "pre-standard hybrid of X25519 and Kyber768 (obsolete)"),
        new(25498, "SecP256r1Kyber768Draft00", "pre-standard hybrid of P-256 and Kyber768 (obsolete)"),
        new(0xff01, "arbitrary_explicit_prime_curves", "explicit curve parameters, deprecated by RFC 8422"),
        new(0xff02, "arbitrary_explicit_char2_curves", "explicit curve parameters, deprecated by RFC 8422"),
    ]);

    /// <summary>RFC 7919 §2: finite-field groups are 0x0100–0x01FF.</summary>
    public static bool IsFiniteField(int group) => group is >= 0x0100 and <= 0x01ff;
}
