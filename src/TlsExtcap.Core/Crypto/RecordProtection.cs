namespace TlsExtcap.Core.Crypto;

/// <summary>How a record's fragment is protected (RFC 5246 §6.2.3, RFC 8446 §5.2).</summary>
public enum RecordProtection
{
    /// <summary>No decryptor: the layout is not known.</summary>
    Unknown,

    /// <summary>RFC 5246 §6.2.3.1 GenericStreamCipher (RC4, NULL): ciphertext || MAC.</summary>
    Stream,

    /// <summary>RFC 5246 §6.2.3.2 GenericBlockCipher: [IV] || CBC(content || MAC || padding), or EtM (RFC 7366).</summary>
    Block,

    /// <summary>RFC 5246 §6.2.3.3 GenericAEADCipher: [explicit nonce] || ciphertext || tag.</summary>
    Aead,

    /// <summary>RFC 8446 §5.2 TLSCiphertext: encrypted TLSInnerPlaintext || tag.</summary>
    Tls13Aead,
}
