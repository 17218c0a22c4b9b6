using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// Which primitive implements each bulk cipher: .NET where it has one (AES-GCM/CCM, ChaCha20-Poly1305, AES-CBC, 3DES),
/// BouncyCastle otherwise (ARIA, Camellia, SEED, DES, RC4).
/// </summary>
internal static class CipherPrimitives
{
    public delegate IAeadCipher AeadFactory(ReadOnlySpan<byte> key, int tagLength);

    public delegate ICbcCipher CbcFactory(ReadOnlySpan<byte> key);

    public delegate IStreamCipher StreamFactory(ReadOnlySpan<byte> key);

    public static readonly IReadOnlyDictionary<BulkCipherAlgorithm, AeadFactory> Aead = new Dictionary<BulkCipherAlgorithm, AeadFactory>
    {
        [BulkCipherAlgorithm.Aes128Gcm] = DotNetAeadCipher.Gcm,
        [BulkCipherAlgorithm.Aes256Gcm] = DotNetAeadCipher.Gcm,
        [BulkCipherAlgorithm.Aes128Ccm] = (key, _) => DotNetAeadCipher.Ccm(key),
        [BulkCipherAlgorithm.Aes256Ccm] = (key, _) => DotNetAeadCipher.Ccm(key),
        [BulkCipherAlgorithm.Aes128Ccm8] = (key, _) => DotNetAeadCipher.Ccm(key),
        [BulkCipherAlgorithm.Aes256Ccm8] = (key, _) => DotNetAeadCipher.Ccm(key),
        [BulkCipherAlgorithm.ChaCha20Poly1305] = (key, _) => DotNetAeadCipher.ChaCha(key),
        [BulkCipherAlgorithm.Aria128Gcm] = (key, tag) => new BouncyGcmCipher(new AriaEngine(), key, tag),
        [BulkCipherAlgorithm.Aria256Gcm] = (key, tag) => new BouncyGcmCipher(new AriaEngine(), key, tag),
        [BulkCipherAlgorithm.Camellia128Gcm] = (key, tag) => new BouncyGcmCipher(new CamelliaEngine(), key, tag),
        [BulkCipherAlgorithm.Camellia256Gcm] = (key, tag) => new BouncyGcmCipher(new CamelliaEngine(), key, tag),
    };

    public static readonly IReadOnlyDictionary<BulkCipherAlgorithm, CbcFactory> Cbc = new Dictionary<BulkCipherAlgorithm, CbcFactory>
    {
        [BulkCipherAlgorithm.Aes128Cbc] = key => new DotNetCbcCipher(Aes.Create(), key),
        [BulkCipherAlgorithm.Aes256Cbc] = key => new DotNetCbcCipher(Aes.Create(), key),
        [BulkCipherAlgorithm.TripleDesEdeCbc] = CreateTripleDes,
        [BulkCipherAlgorithm.DesCbc] = key => new BouncyCbcCipher(new DesEngine(), key),
        [BulkCipherAlgorithm.Camellia128Cbc] = key => new BouncyCbcCipher(new CamelliaEngine(), key),
        [BulkCipherAlgorithm.Camellia256Cbc] = key => new BouncyCbcCipher(new CamelliaEngine(), key),
        [BulkCipherAlgorithm.Aria128Cbc] = key => new BouncyCbcCipher(new AriaEngine(), key),
        [BulkCipherAlgorithm.Aria256Cbc] = key => new BouncyCbcCipher(new AriaEngine(), key),
        [BulkCipherAlgorithm.SeedCbc] = key => new BouncyCbcCipher(new SeedEngine(), key),
    };

    public static readonly IReadOnlyDictionary<BulkCipherAlgorithm, StreamFactory> Stream = new Dictionary<BulkCipherAlgorithm, StreamFactory>
    {
        [BulkCipherAlgorithm.Rc4_128] = key => new Rc4StreamCipher(key),
        [BulkCipherAlgorithm.Null] = _ => new NullStreamCipher(),
    };

    /// <summary>RFC 5246 §6.2.3.1: the HMAC hash of each MAC algorithm.</summary>
    public static readonly IReadOnlyDictionary<MacAlgorithm, HashAlgorithmName> MacHashes = new Dictionary<MacAlgorithm, HashAlgorithmName>
    {
        [MacAlgorithm.Md5] = HashAlgorithmName.MD5,
        [MacAlgorithm.Sha1] = HashAlgorithmName.SHA1,
        [MacAlgorithm.Sha256] = HashAlgorithmName.SHA256,
        [MacAlgorithm.Sha384] = HashAlgorithmName.SHA384,
    };

    private static ICbcCipher CreateTripleDes(ReadOnlySpan<byte> key)
    {
        TripleDES tripleDes = TripleDES.Create();
        try
        {
            return new DotNetCbcCipher(tripleDes, key);
        }
        catch (CryptographicException)
        {
            // .NET refuses keys with K1 == K2 or K2 == K3 ("weak"); a capture may still use one.
            tripleDes.Dispose();
            return new BouncyCbcCipher(new DesEdeEngine(), key);
        }
    }
}
