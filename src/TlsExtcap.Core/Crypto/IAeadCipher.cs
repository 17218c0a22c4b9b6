namespace TlsExtcap.Core.Crypto;

/// <summary>An AEAD keyed once and reused for every record of one direction.</summary>
internal interface IAeadCipher : IDisposable
{
    /// <summary>Decrypts and verifies; false when the tag does not verify.</summary>
    bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData);
}
