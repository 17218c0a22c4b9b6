namespace TlsExtcap.Core.Dissection.Registries;

/// <summary>
/// IANA "TLS SignatureScheme" (RFC 8446 §4.2.3), including the TLS 1.2 hash/signature pairs
/// (RFC 5246 §7.4.1.4.1: high byte hash, low byte signature) that clients still list.
/// Source: https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-signaturescheme
/// </summary>
public static class SignatureSchemes
{
    public static ValueRegistry Registry { get; } = new("TLS SignatureScheme", 2, grease: true,
    [
        new(0x0101, "rsa_pkcs1_md5", "TLS 1.2 pair: MD5 with RSA PKCS#1 v1.5; MD5 is broken"),
        new(0x0102, "dsa_md5", "TLS 1.2 pair: MD5 with DSA"),
        new(0x0103, "ecdsa_md5", "TLS 1.2 pair: MD5 with ECDSA"),
        new(0x0201, "rsa_pkcs1_sha1", "RSA PKCS#1 v1.5 with SHA-1; legacy, only for old certificates"),
        new(0x0202, "dsa_sha1", "TLS 1.2 pair: SHA-1 with DSA"),
        new(0x0203, "ecdsa_sha1", "ECDSA with SHA-1; legacy"),
        new(0x0301, "rsa_pkcs1_sha224", "TLS 1.2 pair: SHA-224 with RSA PKCS#1 v1.5"),
        new(0x0302, "dsa_sha224", "TLS 1.2 pair: SHA-224 with DSA"),
        new(0x0303, "ecdsa_sha224", "TLS 1.2 pair: SHA-224 with ECDSA"),
        new(0x0401, "rsa_pkcs1_sha256", "RSA PKCS#1 v1.5 with SHA-256; in TLS 1.3 only for certificates, not handshake signatures"),
        new(0x0402, "dsa_sha256", "TLS 1.2 pair: SHA-256 with DSA"),
        new(0x0403, "ecdsa_secp256r1_sha256", "ECDSA on P-256 with SHA-256"),
        new(0x0420, "rsa_pkcs1_sha256_legacy", "RSA PKCS#1 v1.5 for TLS 1.3 client authentication with legacy keys"),
        new(0x0501, "rsa_pkcs1_sha384", "RSA PKCS#1 v1.5 with SHA-384"),
        new(0x0502, "dsa_sha384", "TLS 1.2 pair: SHA-384 with DSA"),
        new(0x0503, "ecdsa_secp384r1_sha384", "ECDSA on P-384 with SHA-384"),
        new(0x0520, "rsa_pkcs1_sha384_legacy", "RSA PKCS#1 v1.5 for TLS 1.3 client authentication with legacy keys"),
        new(0x0601, "rsa_pkcs1_sha512", "RSA PKCS#1 v1.5 with SHA-512"),
        new(0x0602, "dsa_sha512", "TLS 1.2 pair: SHA-512 with DSA"),
        new(0x0603, "ecdsa_secp521r1_sha512", "ECDSA on P-521 with SHA-512"),
        new(0x0620, "rsa_pkcs1_sha512_legacy", "RSA PKCS#1 v1.5 for TLS 1.3 client authentication with legacy keys"),
        new(0x0704, "eccsi_sha256", "ECCSI (RFC 6507)"),
        new(0x0705, "iso_ibs1", "ISO/IEC 14888-3 identity-based signature"),
        new(0x0706, "iso_ibs2", "ISO/IEC 14888-3 identity-based signature"),
        new(0x0707, "iso_chinese_ibs", "ISO/IEC 14888-3 identity-based signature"),
        new(0x0708, "sm2sig_sm3", "SM2 with SM3 (RFC 8998)"),
        new(0x0709, "gostr34102012_256a", "GOST R 34.10-2012 (RFC 9367)"),
        new(0x070a, "gostr34102012_256b", "GOST R 34.10-2012 (RFC 9367)"),
        new(0x070b, "gostr34102012_256c", "GOST R 34.10-2012 (RFC 9367)"),
        new(0x070c, "gostr34102012_256d", "GOST R 34.10-2012 (RFC 9367)"),
        new(0x070d, "gostr34102012_512a", "GOST R 34.10-2012 (RFC 9367)"),
        new(0x070e, "gostr34102012_512b", "GOST R 34.10-2012 (RFC 9367)"),
        new(0x070f, "gostr34102012_512c", "GOST R 34.10-2012 (RFC 9367)"),
        new(0x0804, "rsa_pss_rsae_sha256", "RSA-PSS with SHA-256, with an ordinary RSA (rsaEncryption) key"),
        new(0x0805, "rsa_pss_rsae_sha384", "RSA-PSS with SHA-384, with an ordinary RSA (rsaEncryption) key"),
        new(0x0806, "rsa_pss_rsae_sha512", "RSA-PSS with SHA-512, with an ordinary RSA (rsaEncryption) key"),
        new(0x0807, "ed25519", "EdDSA on Curve25519 (RFC 8032)"),
        new(0x0808, "ed448", "EdDSA on Curve448 (RFC 8032)"),
        new(0x0809, "rsa_pss_pss_sha256", "RSA-PSS with SHA-256, with an RSASSA-PSS key"),
        new(0x080a, "rsa_pss_pss_sha384", "RSA-PSS with SHA-384, with an RSASSA-PSS key"),
        new(0x080b, "rsa_pss_pss_sha512", "RSA-PSS with SHA-512, with an RSASSA-PSS key"),
        new(0x081a, "ecdsa_brainpoolP256r1tls13_sha256", "ECDSA on brainpoolP256r1 (RFC 8734)"),
        new(0x081b, "ecdsa_brainpoolP384r1tls13_sha384", "ECDSA on brainpoolP384r1 (RFC 8734)"),
        new(0x081c, "ecdsa_brainpoolP512r1tls13_sha512", "ECDSA on brainpoolP512r1 (RFC 8734)"),
        new(0x0904, "mldsa44", "post-quantum ML-DSA-44 (FIPS 204)"),
        new(0x0905, "mldsa65", "post-quantum ML-DSA-65 (FIPS 204)"),
        new(0x0906, "mldsa87", "post-quantum ML-DSA-87 (FIPS 204)"),
    ]);
}
