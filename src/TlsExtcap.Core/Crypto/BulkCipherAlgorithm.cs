namespace TlsExtcap.Core.Crypto;

/// <summary>Record-protection cipher named by a cipher suite (RFC 5246 §6.1, RFC 8446 §5.3 and the suite RFCs).</summary>
public enum BulkCipherAlgorithm
{
    Null,
    Rc4_128,
    Rc4_40,
    Des40Cbc,
    DesCbc,
    TripleDesEdeCbc,
    Aes128Cbc,
    Aes256Cbc,
    Camellia128Cbc,
    Camellia256Cbc,
    Aria128Cbc,
    Aria256Cbc,
    SeedCbc,
    Aes128Gcm,
    Aes256Gcm,
    Aes128Ccm,
    Aes256Ccm,
    Aes128Ccm8,
    Aes256Ccm8,
    ChaCha20Poly1305,
    Aria128Gcm,
    Aria256Gcm,
    Camellia128Gcm,
    Camellia256Gcm,
}
