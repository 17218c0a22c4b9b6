using System.Security.Cryptography;

namespace TlsExtcap.Core.Crypto;

/// <summary>AES-GCM, AES-CCM (16- or 8-byte tags) and ChaCha20-Poly1305 from System.Security.Cryptography.</summary>
internal sealed class DotNetAeadCipher : IAeadCipher
{
    private readonly AesGcm? _gcm;
    private readonly AesCcm? _ccm;
    private readonly ChaCha20Poly1305? _chacha;

    private DotNetAeadCipher(AesGcm? gcm, AesCcm? ccm, ChaCha20Poly1305? chacha)
    {
        _gcm = gcm;
        _ccm = ccm;
        _chacha = chacha;
    }

    public static DotNetAeadCipher Gcm(ReadOnlySpan<byte> key, int tagLength) => new(new AesGcm(key, tagLength), null, null);

    public static DotNetAeadCipher Ccm(ReadOnlySpan<byte> key) => new(null, new AesCcm(key), null);

    public static DotNetAeadCipher ChaCha(ReadOnlySpan<byte> key) => new(null, null, new ChaCha20Poly1305(key));

    public bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        try
        {
            if (_gcm is not null)
            {
                _gcm.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            }
            else if (_ccm is not null)
            {
                _ccm.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            }
            else
            {
                _chacha!.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            }

            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // .NET has already cleared the plaintext buffer.
            return false;
        }
    }

    public void Dispose()
    {
        _gcm?.Dispose();
        _ccm?.Dispose();
        _chacha?.Dispose();
    }
}
