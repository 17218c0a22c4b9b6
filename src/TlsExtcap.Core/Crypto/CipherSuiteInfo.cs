using System.Security.Cryptography;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// One IANA cipher suite and, when <see cref="IsSupported"/>, the parameters record protection needs
/// (RFC 5246 §6.1 SecurityParameters, RFC 8446 §B.4). Instances come from <see cref="CipherSuiteRegistry"/>.
/// </summary>
public sealed class CipherSuiteInfo
{
    internal CipherSuiteInfo(
        ushort value,
        string name,
        KeyExchangeAlgorithm keyExchange,
        BulkCipherAlgorithm cipher,
        CipherKind kind,
        MacAlgorithm mac,
        HashAlgorithmName prfHash,
        int keyLength,
        int fixedIvLength,
        int recordIvLength,
        int tagLength,
        int macLength,
        int blockSize,
        bool isTls13,
        bool isSupported)
    {
        Value = value;
        Name = name;
        KeyExchange = keyExchange;
        Cipher = cipher;
        Kind = kind;
        Mac = mac;
        PrfHash = prfHash;
        KeyLength = keyLength;
        FixedIvLength = fixedIvLength;
        RecordIvLength = recordIvLength;
        TagLength = tagLength;
        MacLength = macLength;
        BlockSize = blockSize;
        IsTls13 = isTls13;
        IsSupported = isSupported;
    }

    /// <summary>The two-byte code point (RFC 5246 §A.5 CipherSuite).</summary>
    public ushort Value { get; }

    /// <summary>The IANA name, e.g. "TLS_AES_128_GCM_SHA256".</summary>
    public string Name { get; }

    public KeyExchangeAlgorithm KeyExchange { get; }

    /// <summary>The bulk cipher; <see cref="BulkCipherAlgorithm.Null"/> also for ciphers we only know by name (then <see cref="IsSupported"/> is false).</summary>
    public BulkCipherAlgorithm Cipher { get; }

    public CipherKind Kind { get; }

    public MacAlgorithm Mac { get; }

    /// <summary>TLS 1.2 PRF hash (RFC 5246 §5) or TLS 1.3 HKDF hash (RFC 8446 §7.1): SHA-384 when the suite names it, otherwise SHA-256.</summary>
    public HashAlgorithmName PrfHash { get; }

    /// <summary>enc_key_length in bytes.</summary>
    public int KeyLength { get; }

    /// <summary>
    /// fixed_iv_length: the implicit AEAD nonce part (GCM/CCM in TLS 1.2: 4 (RFC 5288 §3, RFC 6655 §3); ChaCha20-Poly1305: 12
    /// (RFC 7905 §2); TLS 1.3: 12 (RFC 8446 §5.3)); for CBC the block size, the implicit IV of SSL 3.0 and TLS 1.0.
    /// </summary>
    public int FixedIvLength { get; }

    /// <summary>
    /// record_iv_length: explicit nonce bytes sent in each record (TLS 1.2 GCM/CCM: 8; ChaCha20 and TLS 1.3: 0);
    /// for CBC the block size, the explicit IV of TLS 1.1+ and DTLS (SSL 3.0 and TLS 1.0 send none).
    /// </summary>
    public int RecordIvLength { get; }

    /// <summary>AEAD tag length (16, or 8 for CCM_8); 0 for stream and block suites.</summary>
    public int TagLength { get; }

    /// <summary>mac_length (HMAC output) for stream and block suites; 0 for AEAD.</summary>
    public int MacLength { get; }

    /// <summary>Cipher block size for CBC suites (8 or 16); 0 for stream and AEAD suites.</summary>
    public int BlockSize { get; }

    /// <summary>True for TLS 1.3 suites (no key exchange in the name, RFC 8446 §B.4).</summary>
    public bool IsTls13 { get; }

    /// <summary>False for suites we only know by name (export, IDEA, RC2, GOST, SM4, AEGIS, SCSVs, GREASE...).</summary>
    public bool IsSupported { get; }

    public override string ToString() => $"{Name} (0x{Value:X4})";
}
