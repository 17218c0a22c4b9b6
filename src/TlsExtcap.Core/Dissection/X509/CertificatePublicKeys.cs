using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace TlsExtcap.Core.Dissection.X509;

/// <summary>
/// Certificates' public keys as BouncyCastle reads them, kept by the certificate's SHA-256. Reading an RSA key
/// runs BouncyCastle's modulus checks (<c>RsaKeyParameters.Validate</c>, a Miller–Rabin test: about 15 ms for
/// 2048 bits, measured) — once per connection, that was a fifth of the time of a four-connection 200 MB capture,
/// and seconds for a capture of thousands of connections to one server. A server's certificate is now read once
/// per process. Keys are immutable, so the lanes share them; the table is bounded (emptied when full).
/// </summary>
internal static class CertificatePublicKeys
{
    private const int Capacity = 1024;

    private static readonly ConcurrentDictionary<string, AsymmetricKeyParameter> s_keys = new();

    /// <summary>The public key of <paramref name="certificate"/>, whose encoding is <paramref name="der"/>.</summary>
    public static AsymmetricKeyParameter Of(ReadOnlySpan<byte> der, BcCertificate certificate)
    {
        string id = Convert.ToHexString(SHA256.HashData(der));
        if (s_keys.TryGetValue(id, out var key))
        {
            return key;
        }

        key = certificate.GetPublicKey();
        if (s_keys.Count >= Capacity)
        {
            s_keys.Clear();
        }

        s_keys[id] = key;
        return key;
    }
}
