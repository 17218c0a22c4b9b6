using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using TlsExtcap.Core.Dissection.X509;

namespace TlsExtcap.Core.Tests.Dissection.X509;

/// <summary>TLS handshake signatures made with fresh keys, checked valid, and invalid once the content changes.</summary>
public sealed class TlsSignatureVerifierTests
{
    private static readonly byte[] Content = "the transcript of a handshake"u8.ToArray();

    public static TheoryData<string, ushort> Schemes() => new()
    {
        { "rsa_pkcs1_sha256", 0x0401 },
        { "rsa_pkcs1_sha384", 0x0501 },
        { "rsa_pss_rsae_sha256", 0x0804 },
        { "rsa_pss_rsae_sha512", 0x0806 },
        { "ecdsa_secp256r1_sha256", 0x0403 },
        { "ecdsa_secp384r1_sha384", 0x0503 },
        { "ed25519", 0x0807 },
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Verify_FreshSignature_IsValidAndTamperedIsInvalid(string name, ushort scheme)
    {
        var (certificate, signature) = Sign(scheme, Content);
        Assert.True(TlsSignatureVerifier.Verify(certificate, scheme, Content, signature).IsValid, name);
        byte[] altered = [.. Content];
        altered[0] ^= 1;
        Assert.Equal(SignatureCheck.Invalid, TlsSignatureVerifier.Verify(certificate, scheme, altered, signature).Outcome);
    }

    [Fact]
    public void Verify_EcdsaSchemeWithRsaCertificate_IsInvalid()
    {
        var (certificate, signature) = Sign(0x0401, Content);
        Assert.Equal(SignatureCheck.Invalid, TlsSignatureVerifier.Verify(certificate, 0x0403, Content, signature).Outcome);
    }

    [Fact]
    public void Verify_UnknownScheme_IsUnsupported()
    {
        var (certificate, signature) = Sign(0x0401, Content);
        Assert.Equal(SignatureCheck.UnsupportedAlgorithm, TlsSignatureVerifier.Verify(certificate, 0x0904, Content, signature).Outcome);
    }

    [Fact]
    public void VerifyLegacyRsa_Md5Sha1Digest_IsValid()
    {
        using var rsa = RSA.Create(2048);
        byte[] certificate = SelfSigned(rsa);
        byte[] digest = [.. MD5.HashData(Content), .. SHA1.HashData(Content)];
        // PKCS#1 type 1 padding around the raw 36 bytes (no DigestInfo), as TLS 1.0/1.1 sign.
        var engine = new Org.BouncyCastle.Crypto.Encodings.Pkcs1Encoding(new Org.BouncyCastle.Crypto.Engines.RsaEngine());
        engine.Init(true, DotNetUtilities.GetRsaKeyPair(rsa).Private);
        byte[] signature = engine.ProcessBlock(digest, 0, digest.Length);
        Assert.True(TlsSignatureVerifier.VerifyLegacyRsa(certificate, digest, signature).IsValid);
        digest[0] ^= 1;
        Assert.Equal(SignatureCheck.Invalid, TlsSignatureVerifier.VerifyLegacyRsa(certificate, digest, signature).Outcome);
    }

    [Fact]
    public void VerifyIssuedBy_ChainMadeHere_IsValidAndWrongIssuerIsInvalid()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=leaf.test", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var leaf = leafRequest.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3]);
        Assert.True(CertificateSignatureChecker.VerifyIssuedBy(leaf.RawData, root.RawData).IsValid);
        Assert.True(CertificateSignatureChecker.VerifyIssuedBy(root.RawData, root.RawData).IsValid);
        Assert.Equal(SignatureCheck.Invalid, CertificateSignatureChecker.VerifyIssuedBy(root.RawData, leaf.RawData).Outcome);
        Assert.Equal(SignatureCheck.Malformed, CertificateSignatureChecker.VerifyIssuedBy([0x30, 0x03, 0x02, 0x01], root.RawData).Outcome);
    }

    private static (byte[] Certificate, byte[] Signature) Sign(ushort scheme, byte[] content)
    {
        if (scheme == 0x0807)
        {
            var generator = new Ed25519KeyPairGenerator();
            generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
            var pair = generator.GenerateKeyPair();
            var builder = new X509V3CertificateGenerator();
            builder.SetSerialNumber(BigInteger.One);
            builder.SetIssuerDN(new X509Name("CN=ed25519"));
            builder.SetSubjectDN(new X509Name("CN=ed25519"));
            builder.SetNotBefore(DateTime.UtcNow.AddDays(-1));
            builder.SetNotAfter(DateTime.UtcNow.AddDays(1));
            builder.SetPublicKey(pair.Public);
            var certificate = builder.Generate(new Asn1SignatureFactory("Ed25519", pair.Private));
            var signer = new Ed25519Signer();
            signer.Init(true, pair.Private);
            signer.BlockUpdate(content, 0, content.Length);
            return (certificate.GetEncoded(), signer.GenerateSignature());
        }

        var hash = (scheme >> 8) switch { 5 => HashAlgorithmName.SHA384, 6 => HashAlgorithmName.SHA512, _ => HashAlgorithmName.SHA256 };
        if (scheme is 0x0805) { hash = HashAlgorithmName.SHA384; }
        if (scheme is 0x0806) { hash = HashAlgorithmName.SHA512; }
        if (scheme is 0x0804) { hash = HashAlgorithmName.SHA256; }
        if ((scheme & 0xff) == 3)
        {
            using var ec = ECDsa.Create(hash == HashAlgorithmName.SHA384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256);
            return (SelfSigned(ec), ec.SignData(content, hash, DSASignatureFormat.Rfc3279DerSequence));
        }

        using var rsa = RSA.Create(2048);
        var padding = scheme >= 0x0804 ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        return (SelfSigned(rsa), rsa.SignData(content, hash, padding));
    }

    private static byte[] SelfSigned(AsymmetricAlgorithm key)
    {
        var request = key is RSA rsa
            ? new CertificateRequest("CN=test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=test", (ECDsa)key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.RawData;
    }
}
