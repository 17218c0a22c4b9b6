namespace TlsExtcap.Core.Crypto;

/// <summary>
/// Record MAC of a cipher suite (RFC 5246 §6.2.3.1). <see cref="Aead"/>: the AEAD tag authenticates the record;
/// <see cref="Null"/>: no MAC (TLS_NULL_WITH_NULL_NULL only).
/// </summary>
public enum MacAlgorithm
{
    Aead,
    Null,
    Md5,
    Sha1,
    Sha256,
    Sha384,
}
