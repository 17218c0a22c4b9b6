namespace TlsExtcap.Core.Crypto;

/// <summary>A block cipher in CBC decryption, keyed once and reused for every record of one direction.</summary>
internal interface ICbcCipher : IDisposable
{
    int BlockSize { get; }

    /// <summary>Decrypts whole blocks (no padding removal) of <paramref name="ciphertext"/> with <paramref name="iv"/>.</summary>
    void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext);
}
