using TlsExtcap.Core.Crypto;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>What a cipher suite code point means, read off its IANA name (RFC 8446 §B.4, RFC 5246 §A.5).</summary>
internal static class CipherSuiteText
{
    public static void Annotate(AnnotationNode node, ushort value)
    {
        string name = CipherSuiteRegistry.GetName(value);
        node.Value = $"{name} (0x{value:x4})";
        node.Text = Explain(value, name);
        if ((value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff))
        {
            node.Name += " (GREASE)";
            node.Value = $"GREASE (0x{value:x4})";
            node.Text = "a reserved GREASE value (RFC 8701): it keeps servers honest about ignoring unknown suites; it means nothing";
        }
        else if (Weak(name) is { } weakness)
        {
            node.Severity = AnnotationSeverity.Warning;
            node.Text = $"{node.Text}; {weakness}";
        }
    }

    public static string Explain(ushort value, string name)
    {
        if (value == 0x00ff)
        {
            return "not a real suite: signals support for secure renegotiation, in place of an empty renegotiation_info extension (RFC 5746 §3.3)";
        }

        if (value == 0x5600)
        {
            return "not a real suite: this ClientHello is a fallback to a lower version; a server supporting a higher one must refuse (RFC 7507)";
        }

        if (!CipherSuiteRegistry.TryGet(value, out var info))
        {
            return "a code point IANA has not assigned";
        }

        if (info.IsTls13)
        {
            return $"TLS 1.3 suite: {Cipher(info.Cipher)} record protection, {Hash(info.PrfHash.Name)} for the key schedule; the key exchange is negotiated separately (key_share)";
        }

        if (!info.IsSupported)
        {
            return "TLS 1.2 or earlier suite";
        }

        string mac = info.Mac == MacAlgorithm.Aead ? "AEAD" : $"HMAC-{info.Mac.ToString().ToUpperInvariant()}";
        return $"TLS 1.2 or earlier; key exchange: {KeyExchange(info.KeyExchange)}; encryption: {Cipher(info.Cipher)}; integrity: {mac}";
    }

    private static string? Weak(string name)
    {
        if (name.Contains("_EXPORT", StringComparison.Ordinal))
        {
            return "export-grade: deliberately weak, broken (FREAK, Logjam)";
        }

        if (name.Contains("_NULL_", StringComparison.Ordinal) || name.EndsWith("_NULL", StringComparison.Ordinal))
        {
            return "no encryption";
        }

        if (name.Contains("_anon_", StringComparison.Ordinal))
        {
            return "anonymous: no authentication, open to man-in-the-middle attacks";
        }

        if (name.Contains("_RC4_", StringComparison.Ordinal))
        {
            return "RC4 is prohibited (RFC 7465)";
        }

        if (name.Contains("_DES_", StringComparison.Ordinal) || name.Contains("DES40", StringComparison.Ordinal))
        {
            return "single DES: broken";
        }

        if (name.Contains("3DES", StringComparison.Ordinal))
        {
            return "3DES: 64-bit blocks, weak (Sweet32)";
        }

        return null;
    }

    private static string Cipher(BulkCipherAlgorithm cipher) => cipher switch
    {
        BulkCipherAlgorithm.Aes128Gcm => "AES-128-GCM",
        BulkCipherAlgorithm.Aes256Gcm => "AES-256-GCM",
        BulkCipherAlgorithm.Aes128Ccm => "AES-128-CCM",
        BulkCipherAlgorithm.Aes256Ccm => "AES-256-CCM",
        BulkCipherAlgorithm.Aes128Ccm8 => "AES-128-CCM-8 (8-byte tag)",
        BulkCipherAlgorithm.Aes256Ccm8 => "AES-256-CCM-8 (8-byte tag)",
        BulkCipherAlgorithm.ChaCha20Poly1305 => "ChaCha20-Poly1305",
        BulkCipherAlgorithm.Aes128Cbc => "AES-128-CBC",
        BulkCipherAlgorithm.Aes256Cbc => "AES-256-CBC",
        BulkCipherAlgorithm.TripleDesEdeCbc => "3DES-EDE-CBC",
        BulkCipherAlgorithm.Camellia128Cbc => "Camellia-128-CBC",
        BulkCipherAlgorithm.Camellia256Cbc => "Camellia-256-CBC",
        BulkCipherAlgorithm.Aria128Cbc => "ARIA-128-CBC",
        BulkCipherAlgorithm.Aria256Cbc => "ARIA-256-CBC",
        BulkCipherAlgorithm.Aria128Gcm => "ARIA-128-GCM",
        BulkCipherAlgorithm.Aria256Gcm => "ARIA-256-GCM",
        BulkCipherAlgorithm.Camellia128Gcm => "Camellia-128-GCM",
        BulkCipherAlgorithm.Camellia256Gcm => "Camellia-256-GCM",
        BulkCipherAlgorithm.Rc4_128 => "RC4-128",
        BulkCipherAlgorithm.Rc4_40 => "RC4-40",
        BulkCipherAlgorithm.DesCbc => "DES-CBC",
        BulkCipherAlgorithm.Des40Cbc => "DES40-CBC",
        BulkCipherAlgorithm.SeedCbc => "SEED-CBC",
        _ => "no",
    };

    private static string KeyExchange(KeyExchangeAlgorithm kx) => kx switch
    {
        KeyExchangeAlgorithm.Rsa => "static RSA (no forward secrecy)",
        KeyExchangeAlgorithm.RsaExport => "export RSA",
        KeyExchangeAlgorithm.DheRsa => "ephemeral Diffie-Hellman signed with RSA",
        KeyExchangeAlgorithm.DheDss => "ephemeral Diffie-Hellman signed with DSA",
        KeyExchangeAlgorithm.DhRsa or KeyExchangeAlgorithm.DhDss => "static Diffie-Hellman",
        KeyExchangeAlgorithm.DhAnon => "anonymous Diffie-Hellman",
        KeyExchangeAlgorithm.EcdheRsa => "ephemeral ECDH signed with RSA",
        KeyExchangeAlgorithm.EcdheEcdsa => "ephemeral ECDH signed with ECDSA",
        KeyExchangeAlgorithm.EcdhRsa or KeyExchangeAlgorithm.EcdhEcdsa => "static ECDH",
        KeyExchangeAlgorithm.EcdhAnon => "anonymous ECDH",
        KeyExchangeAlgorithm.Psk => "pre-shared key",
        KeyExchangeAlgorithm.DhePsk => "pre-shared key with ephemeral Diffie-Hellman",
        KeyExchangeAlgorithm.EcdhePsk => "pre-shared key with ephemeral ECDH",
        KeyExchangeAlgorithm.RsaPsk => "pre-shared key with RSA",
        KeyExchangeAlgorithm.Srp => "SRP",
        KeyExchangeAlgorithm.Krb5 => "Kerberos",
        _ => "no",
    };

    private static string Hash(string? name) => name switch
    {
        "SHA256" => "SHA-256",
        "SHA384" => "SHA-384",
        _ => name ?? "?",
    };
}
