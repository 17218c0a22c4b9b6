using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// CBC decryption (NIST SP 800-38A §6.2: P_i = D(C_i) XOR C_{i-1}) over a BouncyCastle engine, for Camellia, ARIA, SEED and
/// DES, which .NET lacks or rejects (weak-key checks).
/// </summary>
internal sealed class BouncyCbcCipher : ICbcCipher
{
    private readonly IBlockCipher _engine;

    public BouncyCbcCipher(IBlockCipher engine, ReadOnlySpan<byte> key)
    {
        _engine = engine;
        _engine.Init(false, new KeyParameter(key));
        BlockSize = _engine.GetBlockSize();
    }

    public int BlockSize { get; }

    public void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        int blockSize = BlockSize;
        ReadOnlySpan<byte> previous = iv;
        for (int offset = 0; offset + blockSize <= ciphertext.Length; offset += blockSize)
        {
            ReadOnlySpan<byte> block = ciphertext.Slice(offset, blockSize);
            Span<byte> output = plaintext.Slice(offset, blockSize);
            _engine.ProcessBlock(block, output);
            for (int i = 0; i < blockSize; i++)
            {
                output[i] ^= previous[i];
            }

            previous = block;
        }
    }

    public void Dispose()
    {
        // BouncyCastle engines hold their key schedule in managed arrays with no wipe; dropping the reference is all we can do.
    }
}
