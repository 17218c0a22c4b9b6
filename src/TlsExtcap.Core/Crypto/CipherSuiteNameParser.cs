using System.Security.Cryptography;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// Derives a suite's parameters from its IANA name, which by convention is
/// <c>TLS_{key exchange}_WITH_{cipher}[_{mac}]</c> (RFC 5246 §A.5) or <c>TLS_{AEAD}_{hash}</c> (RFC 8446 §B.4).
/// Each token comes from a table below; a name with an unknown token is known by name only.
/// </summary>
internal static class CipherSuiteNameParser
{
    private const string Prefix = "TLS_";
    private const string With = "_WITH_";

    // RFC 5246 §6.2.3.2 block sizes: DES/3DES 8, AES/Camellia/ARIA/SEED 16.
    // AEAD rows: fixed IV / explicit nonce of TLS 1.2 (RFC 5288 §3, RFC 6655 §3, RFC 6209 §2, RFC 6367 §3, RFC 7905 §2).
    private static readonly CipherToken[] Ciphers =
    [
        new("AES_128_CCM_8", BulkCipherAlgorithm.Aes128Ccm8, CipherKind.Aead, 16, 4, 8, 8, 0, true),
        new("AES_256_CCM_8", BulkCipherAlgorithm.Aes256Ccm8, CipherKind.Aead, 32, 4, 8, 8, 0, true),
        new("AES_128_CCM", BulkCipherAlgorithm.Aes128Ccm, CipherKind.Aead, 16, 4, 8, 16, 0, true),
        new("AES_256_CCM", BulkCipherAlgorithm.Aes256Ccm, CipherKind.Aead, 32, 4, 8, 16, 0, true),
        new("AES_128_GCM", BulkCipherAlgorithm.Aes128Gcm, CipherKind.Aead, 16, 4, 8, 16, 0, true),
        new("AES_256_GCM", BulkCipherAlgorithm.Aes256Gcm, CipherKind.Aead, 32, 4, 8, 16, 0, true),
        new("CHACHA20_POLY1305", BulkCipherAlgorithm.ChaCha20Poly1305, CipherKind.Aead, 32, 12, 0, 16, 0, true),
        new("ARIA_128_GCM", BulkCipherAlgorithm.Aria128Gcm, CipherKind.Aead, 16, 4, 8, 16, 0, true),
        new("ARIA_256_GCM", BulkCipherAlgorithm.Aria256Gcm, CipherKind.Aead, 32, 4, 8, 16, 0, true),
        new("CAMELLIA_128_GCM", BulkCipherAlgorithm.Camellia128Gcm, CipherKind.Aead, 16, 4, 8, 16, 0, true),
        new("CAMELLIA_256_GCM", BulkCipherAlgorithm.Camellia256Gcm, CipherKind.Aead, 32, 4, 8, 16, 0, true),
        new("AES_128_CBC", BulkCipherAlgorithm.Aes128Cbc, CipherKind.Block, 16, 16, 16, 0, 16, true),
        new("AES_256_CBC", BulkCipherAlgorithm.Aes256Cbc, CipherKind.Block, 32, 16, 16, 0, 16, true),
        new("CAMELLIA_128_CBC", BulkCipherAlgorithm.Camellia128Cbc, CipherKind.Block, 16, 16, 16, 0, 16, true),
        new("CAMELLIA_256_CBC", BulkCipherAlgorithm.Camellia256Cbc, CipherKind.Block, 32, 16, 16, 0, 16, true),
        new("ARIA_128_CBC", BulkCipherAlgorithm.Aria128Cbc, CipherKind.Block, 16, 16, 16, 0, 16, true),
        new("ARIA_256_CBC", BulkCipherAlgorithm.Aria256Cbc, CipherKind.Block, 32, 16, 16, 0, 16, true),
        new("SEED_CBC", BulkCipherAlgorithm.SeedCbc, CipherKind.Block, 16, 16, 16, 0, 16, true),
        new("3DES_EDE_CBC", BulkCipherAlgorithm.TripleDesEdeCbc, CipherKind.Block, 24, 8, 8, 0, 8, true),
        // RFC 2712 / RFC 4346 export ciphers: named, not decrypted (export key derivation is not implemented).
        new("DES_CBC_40", BulkCipherAlgorithm.Des40Cbc, CipherKind.Block, 5, 8, 8, 0, 8, false),
        new("DES40_CBC", BulkCipherAlgorithm.Des40Cbc, CipherKind.Block, 5, 8, 8, 0, 8, false),
        new("DES_CBC", BulkCipherAlgorithm.DesCbc, CipherKind.Block, 8, 8, 8, 0, 8, true),
        new("RC4_128", BulkCipherAlgorithm.Rc4_128, CipherKind.Stream, 16, 0, 0, 0, 0, true),
        new("RC4_40", BulkCipherAlgorithm.Rc4_40, CipherKind.Stream, 5, 0, 0, 0, 0, false),
        new("NULL", BulkCipherAlgorithm.Null, CipherKind.Stream, 0, 0, 0, 0, 0, true),
    ];

    private static readonly KeyExchangeToken[] KeyExchanges =
    [
        new("NULL", KeyExchangeAlgorithm.Null),
        new("RSA", KeyExchangeAlgorithm.Rsa),
        new("RSA_EXPORT", KeyExchangeAlgorithm.RsaExport),
        new("DH_DSS", KeyExchangeAlgorithm.DhDss),
        new("DH_DSS_EXPORT", KeyExchangeAlgorithm.DhDss),
        new("DH_RSA", KeyExchangeAlgorithm.DhRsa),
        new("DH_RSA_EXPORT", KeyExchangeAlgorithm.DhRsa),
        new("DHE_DSS", KeyExchangeAlgorithm.DheDss),
        new("DHE_DSS_EXPORT", KeyExchangeAlgorithm.DheDss),
        new("DHE_RSA", KeyExchangeAlgorithm.DheRsa),
        new("DHE_RSA_EXPORT", KeyExchangeAlgorithm.DheRsa),
        new("DH_anon", KeyExchangeAlgorithm.DhAnon),
        new("DH_anon_EXPORT", KeyExchangeAlgorithm.DhAnon),
        new("ECDH_ECDSA", KeyExchangeAlgorithm.EcdhEcdsa),
        new("ECDH_RSA", KeyExchangeAlgorithm.EcdhRsa),
        new("ECDHE_ECDSA", KeyExchangeAlgorithm.EcdheEcdsa),
        new("ECDHE_RSA", KeyExchangeAlgorithm.EcdheRsa),
        new("ECDH_anon", KeyExchangeAlgorithm.EcdhAnon),
        new("PSK", KeyExchangeAlgorithm.Psk),
        new("DHE_PSK", KeyExchangeAlgorithm.DhePsk),
        // RFC 6655 §4 spells 0xC0AA/0xC0AB "PSK_DHE"; same key exchange as DHE_PSK.
        new("PSK_DHE", KeyExchangeAlgorithm.DhePsk),
        new("RSA_PSK", KeyExchangeAlgorithm.RsaPsk),
        new("ECDHE_PSK", KeyExchangeAlgorithm.EcdhePsk),
        new("SRP_SHA", KeyExchangeAlgorithm.Srp),
        new("SRP_SHA_RSA", KeyExchangeAlgorithm.Srp),
        new("SRP_SHA_DSS", KeyExchangeAlgorithm.Srp),
        new("KRB5", KeyExchangeAlgorithm.Krb5),
        new("KRB5_EXPORT", KeyExchangeAlgorithm.Krb5),
    ];

    // RFC 5246 §6.2.3.1 mac_length; RFC 5246 §5: the PRF is SHA-256 unless the suite says otherwise (RFC 5289 §3.2: SHA-384).
    private static readonly MacToken[] Macs =
    [
        new("MD5", MacAlgorithm.Md5, 16),
        new("SHA", MacAlgorithm.Sha1, 20),
        new("SHA256", MacAlgorithm.Sha256, 32),
        new("SHA384", MacAlgorithm.Sha384, 48),
    ];

    // The only TLS 1.3 AEADs we decrypt (RFC 8446 §B.4); others (SM4, AEGIS, integrity-only) are named only.
    private static readonly string[] Tls13Aeads = ["AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305", "AES_128_CCM", "AES_128_CCM_8"];

    public static CipherSuiteInfo Parse(ushort value, string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || name.EndsWith("_SCSV", StringComparison.Ordinal))
        {
            return NameOnly(value, name, isTls13: false);
        }

        int with = name.IndexOf(With, StringComparison.Ordinal);
        return with < 0
            ? ParseTls13(value, name)
            : ParseTls12(value, name, name[Prefix.Length..with], name[(with + With.Length)..]);
    }

    private static CipherSuiteInfo ParseTls13(ushort value, string name)
    {
        // RFC 8446 §B.4: TLS_{AEAD}_{HASH}.
        string body = name[Prefix.Length..];
        int lastUnderscore = body.LastIndexOf('_');
        string aead = lastUnderscore < 0 ? body : body[..lastUnderscore];
        string hash = lastUnderscore < 0 ? string.Empty : body[(lastUnderscore + 1)..];
        CipherToken? cipher = Array.Find(Ciphers, c => c.Token == aead);
        if (cipher is null || Array.IndexOf(Tls13Aeads, aead) < 0 || (hash != "SHA256" && hash != "SHA384"))
        {
            return NameOnly(value, name, isTls13: true);
        }

        // RFC 8446 §5.3: iv_length is max(8, N_MIN) = 12 for every AEAD here; no explicit nonce.
        return new CipherSuiteInfo(
            value, name, KeyExchangeAlgorithm.Tls13, cipher.Cipher, CipherKind.Aead, MacAlgorithm.Aead,
            hash == "SHA384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256,
            cipher.KeyLength, fixedIvLength: 12, recordIvLength: 0, cipher.TagLength, macLength: 0, blockSize: 0,
            isTls13: true, isSupported: true);
    }

    private static CipherSuiteInfo ParseTls12(ushort value, string name, string kxToken, string rest)
    {
        KeyExchangeToken? kx = Array.Find(KeyExchanges, k => k.Token == kxToken);
        CipherToken? cipher = Array.Find(Ciphers, c => rest == c.Token || rest.StartsWith(c.Token + "_", StringComparison.Ordinal));
        if (kx is null || cipher is null)
        {
            return NameOnly(value, name, isTls13: false);
        }

        string macToken = rest.Length > cipher.Token.Length ? rest[(cipher.Token.Length + 1)..] : string.Empty;
        MacToken? mac = Array.Find(Macs, m => m.Token == macToken);
        bool nullNull = name == "TLS_NULL_WITH_NULL_NULL";
        if (mac is null && !(cipher.Kind == CipherKind.Aead && macToken.Length == 0) && !nullNull)
        {
            return NameOnly(value, name, isTls13: false);
        }

        HashAlgorithmName prf = mac?.Mac == MacAlgorithm.Sha384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        bool aead = cipher.Kind == CipherKind.Aead;
        return new CipherSuiteInfo(
            value, name, kx.KeyExchange, cipher.Cipher, cipher.Kind,
            aead ? MacAlgorithm.Aead : nullNull ? MacAlgorithm.Null : mac!.Mac,
            prf, cipher.KeyLength, cipher.FixedIvLength, cipher.RecordIvLength, cipher.TagLength,
            aead || nullNull ? 0 : mac!.Length, cipher.BlockSize, isTls13: false, isSupported: cipher.Supported);
    }

    private static CipherSuiteInfo NameOnly(ushort value, string name, bool isTls13) =>
        new(value, name, isTls13 ? KeyExchangeAlgorithm.Tls13 : KeyExchangeAlgorithm.Null, BulkCipherAlgorithm.Null,
            CipherKind.Stream, MacAlgorithm.Null, HashAlgorithmName.SHA256, 0, 0, 0, 0, 0, 0, isTls13, isSupported: false);

    private sealed record CipherToken(
        string Token, BulkCipherAlgorithm Cipher, CipherKind Kind, int KeyLength, int FixedIvLength, int RecordIvLength,
        int TagLength, int BlockSize, bool Supported);

    private sealed record KeyExchangeToken(string Token, KeyExchangeAlgorithm KeyExchange);

    private sealed record MacToken(string Token, MacAlgorithm Mac, int Length);
}
