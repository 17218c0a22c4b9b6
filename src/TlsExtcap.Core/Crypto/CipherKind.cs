namespace TlsExtcap.Core.Crypto;

/// <summary>RFC 5246 §6.2.3: how a record fragment is protected (GenericStreamCipher, GenericBlockCipher, GenericAEADCipher).</summary>
public enum CipherKind
{
    Stream,
    Block,
    Aead,
}
