namespace TlsExtcap.Core.Crypto;

/// <summary>Which pre-TLS 1.3 PRF a protocol version uses.</summary>
internal enum Tls12PrfVariant
{
    /// <summary>RFC 6101 §6.1/§6.2.2 MD5/SHA-1 construction.</summary>
    Ssl3,

    /// <summary>RFC 2246 §5 P_MD5 ⊕ P_SHA-1 (TLS 1.0, 1.1, DTLS 1.0).</summary>
    Md5Sha1,

    /// <summary>RFC 5246 §5 P_hash with the suite's PRF hash (TLS 1.2, DTLS 1.2).</summary>
    PHash,
}
