using System.Security.Cryptography;

namespace TlsExtcap.Core.Crypto;

/// <summary>AES-CBC / 3DES-CBC via <see cref="SymmetricAlgorithm.DecryptCbc(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>, padding left to the record layer.</summary>
internal sealed class DotNetCbcCipher : ICbcCipher
{
    private readonly SymmetricAlgorithm _algorithm;

    public DotNetCbcCipher(SymmetricAlgorithm algorithm, ReadOnlySpan<byte> key)
    {
        _algorithm = algorithm;
        byte[] keyCopy = key.ToArray();
        try
        {
            _algorithm.Key = keyCopy;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }

        BlockSize = _algorithm.BlockSize / 8;
    }

    public int BlockSize { get; }

    public void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext) =>
        _algorithm.DecryptCbc(ciphertext, iv, plaintext, PaddingMode.None);

    public void Dispose() => _algorithm.Dispose();
}
