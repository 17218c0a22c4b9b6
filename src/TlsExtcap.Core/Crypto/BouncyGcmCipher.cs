using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// GCM over a BouncyCastle block engine, for ARIA-GCM (RFC 6209) and Camellia-GCM (RFC 6367), which .NET lacks.
/// BouncyCastle takes the nonce as an array, so one small parameter object is made per record.
/// </summary>
internal sealed class BouncyGcmCipher : IAeadCipher
{
    private readonly GcmBlockCipher _gcm;
    private readonly KeyParameter _key;
    private readonly byte[] _nonce = new byte[12];
    private readonly int _tagBits;

    public BouncyGcmCipher(IBlockCipher engine, ReadOnlySpan<byte> key, int tagLength)
    {
        _gcm = new GcmBlockCipher(engine);
        _key = new KeyParameter(key);
        _tagBits = tagLength * 8;
    }

    public bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        nonce.CopyTo(_nonce);
        _gcm.Init(false, new AeadParameters(_key, _tagBits, _nonce));
        _gcm.ProcessAadBytes(associatedData);
        try
        {
            int written = _gcm.ProcessBytes(ciphertext, plaintext);
            written += _gcm.ProcessBytes(tag, plaintext[written..]);
            _gcm.DoFinal(plaintext[written..]);
            return true;
        }
        catch (InvalidCipherTextException)
        {
            CryptographicOperations.ZeroMemory(plaintext[..ciphertext.Length]);
            return false;
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_nonce);
}
