using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsExtcap.Core.Dissection.X509;
using Xunit;
using BcCertificateParser = Org.BouncyCastle.X509.X509CertificateParser;

namespace TlsExtcap.Core.Tests.Dissection.X509;

/// <summary>
/// A certificate's public key is read once per process (BouncyCastle tests an RSA modulus for primality each
/// time it reads one), and the checks that use it still tell a good signature from a bad one.
/// </summary>
public sealed class CertificatePublicKeysTests
{
    [Fact]
    public void Of_SameCertificateTwice_TheKeyReadTheFirstTime()
    {
        byte[] first = SelfSignedRsa("CN=first");
        byte[] second = SelfSignedRsa("CN=second");

        var key = CertificatePublicKeys.Of(first, Parse(first));

        Assert.Same(key, CertificatePublicKeys.Of(first, Parse(first)));
        Assert.NotSame(key, CertificatePublicKeys.Of(second, Parse(second)));
        Assert.Equal(Parse(first).GetPublicKey(), key);
    }

    [Fact]
    public void Native_SameCertificateTwice_TheKeyLoadedTheFirstTimeAndItVerifies()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=native", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        byte[] content = [1, 2, 3, 4];
        byte[] signature = rsa.SignData(content, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

        var key = CertificatePublicKeys.Native(certificate.RawData);

        Assert.Same(key, CertificatePublicKeys.Native(certificate.RawData));
        Assert.NotNull(key.Rsa);
        Assert.Null(key.Ecdsa);
        // Checked twice: the second time with the key kept from the first.
        for (int i = 0; i < 2; i++)
        {
            Assert.True(TlsSignatureVerifier.Verify(certificate.RawData, 0x0804, content, signature).IsValid);
            Assert.False(TlsSignatureVerifier.Verify(certificate.RawData, 0x0804, [9, 9], signature).IsValid);
        }
    }

    [Fact]
    public void VerifyIssuedBy_KeyAlreadyKept_StillTellsTheIssuerFromAnother()
    {
        byte[] issuer = SelfSignedRsa("CN=issuer");
        byte[] other = SelfSignedRsa("CN=issuer");

        // The second check of each pair finds the issuer's key kept from the first.
        for (int i = 0; i < 2; i++)
        {
            Assert.True(CertificateSignatureChecker.VerifyIssuedBy(issuer, issuer).IsValid);
            Assert.Equal(SignatureCheck.Invalid, CertificateSignatureChecker.VerifyIssuedBy(issuer, other).Outcome);
        }
    }

    private static Org.BouncyCastle.X509.X509Certificate Parse(byte[] der) => new BcCertificateParser().ReadCertificate(der);

    private static byte[] SelfSignedRsa(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.RawData;
    }
}
