using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace TlsExtcap.Core.Dissection.X509;

/// <summary>
/// Checks a certificate's signature with its issuer's public key (RFC 5280 §6.1.3 (a)(1)), and that the
/// issuer's subject is the certificate's issuer (§6.1.3 (a)(4)). BouncyCastle does the verification: it
/// handles RSA PKCS#1, RSASSA-PSS with parameters, ECDSA, Ed25519 and Ed448 from the certificate's own
/// algorithm identifier, which .NET does not offer outside a chain build.
/// </summary>
public static class CertificateSignatureChecker
{
    private const int RememberedPairs = 1024;

    /// <summary>
    /// Results by the two certificates' SHA-256: a server sends the same chain on every connection, and checking a
    /// signature with BouncyCastle's arithmetic took about 0.4 ms (RSA-2048) — a quarter of keys mode's time on a
    /// capture of 500 short connections. Bounded (emptied when full).
    /// </summary>
    private static readonly ConcurrentDictionary<(string, string), SignatureCheckResult> s_results = new();

    public static SignatureCheckResult VerifyIssuedBy(ReadOnlySpan<byte> certificateDer, ReadOnlySpan<byte> issuerDer)
    {
        var pair = (Convert.ToHexString(SHA256.HashData(certificateDer)), Convert.ToHexString(SHA256.HashData(issuerDer)));
        if (s_results.TryGetValue(pair, out var known))
        {
            return known;
        }

        var result = Check(certificateDer, issuerDer);
        if (s_results.Count >= RememberedPairs)
        {
            s_results.Clear();
        }

        s_results[pair] = result;
        return result;
    }

    private static SignatureCheckResult Check(ReadOnlySpan<byte> certificateDer, ReadOnlySpan<byte> issuerDer)
    {
        X509Certificate certificate;
        X509Certificate issuer;
        try
        {
            var parser = new X509CertificateParser();
            certificate = parser.ReadCertificate(certificateDer.ToArray()) ?? throw new CertificateException("empty");
            issuer = parser.ReadCertificate(issuerDer.ToArray()) ?? throw new CertificateException("empty");
        }
        catch (Exception ex) when (BouncyCastleFailures.Is(ex))
        {
            return SignatureCheckResult.Malformed("a certificate could not be parsed");
        }

        if (!certificate.IssuerDN.Equivalent(issuer.SubjectDN))
        {
            return SignatureCheckResult.Invalid($"the issuer name is not the next certificate's subject ({issuer.SubjectDN})");
        }

        Org.BouncyCastle.Crypto.AsymmetricKeyParameter key;
        try
        {
            key = CertificatePublicKeys.Of(issuerDer, issuer);
        }
        catch (Exception ex) when (BouncyCastleFailures.Is(ex))
        {
            return SignatureCheckResult.Malformed("the issuer's public key could not be read");
        }

        try
        {
            certificate.Verify(key);
            return SignatureCheckResult.Valid($"signed by {issuer.SubjectDN}");
        }
        catch (Exception ex) when (ex is InvalidKeyException or SignatureException or CertificateException)
        {
            return SignatureCheckResult.Invalid("the signature does not verify with the issuer's key");
        }
        catch (Exception ex) when (BouncyCastleFailures.Is(ex))
        {
            return SignatureCheckResult.Unsupported($"signature algorithm {certificate.SigAlgName} not supported");
        }
    }
}
