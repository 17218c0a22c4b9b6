using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace TlsExtcap.Core.Dissection.X509;

/// <summary>
/// Certificates' public keys as BouncyCastle reads them, kept by the certificate's SHA-256. Reading an RSA key
/// runs BouncyCastle's modulus checks (<c>RsaKeyParameters.Validate</c>, a Miller–Rabin test: about 15 ms for
/// 2048 bits, measured) — once per connection, that was a fifth of the time of a four-connection 200 MB capture,
/// and seconds for a capture of thousands of connections to one server. A server's certificate is now read once
/// per process. Keys are immutable, so the lanes share them; the table is bounded (emptied when full).
/// The same goes for .NET's view of the key (<see cref="Native"/>): loading a certificate and its key through
/// OpenSSL 3's decoders took about 0.3 ms, a quarter of keys mode's time on a capture of 500 short connections.
/// </summary>
internal static class CertificatePublicKeys
{
    private const int Capacity = 1024;

    private static readonly ConcurrentDictionary<string, AsymmetricKeyParameter> s_keys = new();

    private static readonly ConcurrentDictionary<string, NativePublicKey> s_native = new();

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

    /// <summary>
    /// .NET's RSA or ECDSA key of the certificate <paramref name="der"/>, read once. A key dropped from the full
    /// table is not disposed (a verification may still use it): its handle is released when it is collected.
    /// </summary>
    /// <exception cref="CryptographicException">Not a certificate .NET reads.</exception>
    public static NativePublicKey Native(ReadOnlySpan<byte> der)
    {
        string id = Convert.ToHexString(SHA256.HashData(der));
        if (s_native.TryGetValue(id, out var key))
        {
            return key;
        }

        using (var certificate = X509CertificateLoader.LoadCertificate(der))
        {
            // A key .NET does not load (RSASSA-PSS, EdDSA, …) is neither: BouncyCastle checks those.
            var rsa = Try(certificate.GetRSAPublicKey);
            key = new NativePublicKey(rsa, rsa is null ? Try(certificate.GetECDsaPublicKey) : null);
        }

        if (s_native.Count >= Capacity)
        {
            s_native.Clear();
        }

        return s_native.GetOrAdd(id, key);
    }

    private static T? Try<T>(Func<T?> read) where T : class
    {
        try
        {
            return read();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
