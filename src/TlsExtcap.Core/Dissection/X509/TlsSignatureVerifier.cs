using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using BcCertificateParser = Org.BouncyCastle.X509.X509CertificateParser;

namespace TlsExtcap.Core.Dissection.X509;

/// <summary>
/// Verifies TLS handshake signatures (CertificateVerify, ServerKeyExchange) with the public key of the
/// signer's certificate, by TLS SignatureScheme (RFC 8446 §4.2.3, RFC 5246 §7.4.1.4.1). .NET's RSA and ECDSA
/// where they serve; BouncyCastle for EdDSA, SHA-224, RSASSA-PSS keys and the TLS 1.0/1.1 raw RSA signature.
/// </summary>
public static class TlsSignatureVerifier
{
    public static SignatureCheckResult Verify(ReadOnlySpan<byte> leafCertificateDer, ushort scheme, ReadOnlySpan<byte> signedContent, ReadOnlySpan<byte> signature)
    {
        try
        {
            var key = CertificatePublicKeys.Native(leafCertificateDer);
            int hash = scheme >> 8;
            int algorithm = scheme & 0xff;
            return scheme switch
            {
                0x0807 => Eddsa(leafCertificateDer, signedContent, signature, new Ed25519Signer()),
                0x0808 => Eddsa(leafCertificateDer, signedContent, signature, new Ed448Signer([])),
                >= 0x0804 and <= 0x0806 or >= 0x0809 and <= 0x080b => Pss(key, leafCertificateDer, scheme, signedContent, signature),
                _ when algorithm == 1 && Hash(hash) is { } h => Rsa(key, h, RSASignaturePadding.Pkcs1, signedContent, signature),
                _ when algorithm == 3 && Hash(hash) is { } h => Ecdsa(key, h, signedContent, signature),
                _ => SignatureCheckResult.Unsupported($"signature scheme 0x{scheme:x4} is not checked"),
            };
        }
        catch (Exception ex) when (ex is CryptographicException || BouncyCastleFailures.Is(ex))
        {
            return SignatureCheckResult.Malformed("the certificate or its key could not be read");
        }
    }

    /// <summary>True when the certificate holds an RSA key (TLS 1.0/1.1 then sign MD5 || SHA-1; ECDSA keys sign SHA-1).</summary>
    public static bool HasRsaKey(ReadOnlySpan<byte> leafCertificateDer)
    {
        try
        {
            return PublicKey(leafCertificateDer) is RsaKeyParameters;
        }
        catch (Exception ex) when (BouncyCastleFailures.Is(ex))
        {
            return false;
        }
    }

    /// <summary>TLS 1.0/1.1 RSA: PKCS#1 type 1 padding around the 36-byte MD5 || SHA-1 digest, no DigestInfo (RFC 2246 §7.4.3).</summary>
    public static SignatureCheckResult VerifyLegacyRsa(ReadOnlySpan<byte> leafCertificateDer, ReadOnlySpan<byte> md5Sha1Digest, ReadOnlySpan<byte> signature)
    {
        try
        {
            var key = PublicKey(leafCertificateDer);
            var engine = new Pkcs1Encoding(new RsaEngine());
            engine.Init(false, key);
            byte[] recovered = engine.ProcessBlock(signature.ToArray(), 0, signature.Length);
            return CryptographicOperations.FixedTimeEquals(recovered, md5Sha1Digest)
                ? SignatureCheckResult.Valid("verified with the certificate's RSA key")
                : SignatureCheckResult.Invalid("the signature does not verify with the certificate's key");
        }
        catch (InvalidCipherTextException)
        {
            return SignatureCheckResult.Invalid("the signature does not verify with the certificate's key");
        }
        catch (Exception ex) when (BouncyCastleFailures.Is(ex))
        {
            return SignatureCheckResult.Malformed("not an RSA key or signature");
        }
    }

    private static HashAlgorithmName? Hash(int code) => code switch
    {
        2 => HashAlgorithmName.SHA1,
        4 => HashAlgorithmName.SHA256,
        5 => HashAlgorithmName.SHA384,
        6 => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static SignatureCheckResult Rsa(NativePublicKey key, HashAlgorithmName hash, RSASignaturePadding padding,
        ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature)
    {
        if (key.Rsa is not { } rsa)
        {
            return SignatureCheckResult.Invalid("the scheme needs an RSA key, the certificate has another");
        }

        bool verified;
        lock (rsa)
        {
            verified = rsa.VerifyData(content, signature, hash, padding);
        }

        return verified
            ? SignatureCheckResult.Valid($"verified with the certificate's {rsa.KeySize}-bit RSA key")
            : SignatureCheckResult.Invalid("the signature does not verify with the certificate's key");
    }

    private static SignatureCheckResult Ecdsa(NativePublicKey key, HashAlgorithmName hash, ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature)
    {
        if (key.Ecdsa is not { } ecdsa)
        {
            return SignatureCheckResult.Invalid("the scheme needs an ECDSA key, the certificate has another");
        }

        // RFC 8446 §4.2.3: ECDSA signatures are DER-encoded ECDSA-Sig-Value structures.
        bool verified;
        lock (ecdsa)
        {
            verified = ecdsa.VerifyData(content, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }

        return verified
            ? SignatureCheckResult.Valid($"verified with the certificate's {ecdsa.KeySize}-bit ECDSA key")
            : SignatureCheckResult.Invalid("the signature does not verify with the certificate's key");
    }

    /// <summary>RFC 8446 §4.2.3: RSASSA-PSS with MGF1 on the same hash and a salt as long as the hash.</summary>
    private static SignatureCheckResult Pss(NativePublicKey key, ReadOnlySpan<byte> der, ushort scheme, ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature)
    {
        var hash = (scheme & 0x0f) switch
        {
            0x04 or 0x09 => HashAlgorithmName.SHA256,
            0x05 or 0x0a => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        bool pssKey = scheme >= 0x0809;
        if (!pssKey)
        {
            return Rsa(key, hash, RSASignaturePadding.Pss, content, signature);
        }

        // rsa_pss_pss_*: the key itself is an RSASSA-PSS key (OID 1.2.840.113549.1.1.10), which .NET does not load.
        IDigest digest = hash == HashAlgorithmName.SHA256 ? new Org.BouncyCastle.Crypto.Digests.Sha256Digest()
            : hash == HashAlgorithmName.SHA384 ? new Org.BouncyCastle.Crypto.Digests.Sha384Digest()
            : new Org.BouncyCastle.Crypto.Digests.Sha512Digest();
        try
        {
            var signer = new PssSigner(new RsaEngine(), digest, digest.GetDigestSize());
            signer.Init(false, PublicKey(der));
            signer.BlockUpdate(content.ToArray(), 0, content.Length);
            return signer.VerifySignature(signature.ToArray())
                ? SignatureCheckResult.Valid("verified with the certificate's RSASSA-PSS key")
                : SignatureCheckResult.Invalid("the signature does not verify with the certificate's key");
        }
        catch (Exception ex) when (BouncyCastleFailures.Is(ex))
        {
            return SignatureCheckResult.Invalid("the scheme needs an RSA key, the certificate has another");
        }
    }

    private static SignatureCheckResult Eddsa(ReadOnlySpan<byte> der, ReadOnlySpan<byte> content, ReadOnlySpan<byte> signature, ISigner signer)
    {
        try
        {
            signer.Init(false, PublicKey(der));
            signer.BlockUpdate(content.ToArray(), 0, content.Length);
            return signer.VerifySignature(signature.ToArray())
                ? SignatureCheckResult.Valid("verified with the certificate's EdDSA key")
                : SignatureCheckResult.Invalid("the signature does not verify with the certificate's key");
        }
        catch (Exception ex) when (BouncyCastleFailures.Is(ex))
        {
            return SignatureCheckResult.Invalid("the scheme needs an EdDSA key, the certificate has another");
        }
    }

    private static AsymmetricKeyParameter PublicKey(ReadOnlySpan<byte> der) =>
        CertificatePublicKeys.Of(der, new BcCertificateParser().ReadCertificate(der.ToArray()) ?? throw new ArgumentException("no certificate"));
}
