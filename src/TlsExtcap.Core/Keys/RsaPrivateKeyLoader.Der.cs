using System.Formats.Asn1;
using System.Security.Cryptography;

namespace TlsExtcap.Core.Keys;

public static partial class RsaPrivateKeyLoader
{
    /// <summary>rsaEncryption, RFC 8017 Appendix C.</summary>
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    /// <summary>Classifies a DER/BER key by its outer structure, then imports it.</summary>
    private static RSA LoadDer(ReadOnlySpan<byte> content, string? password, string path) =>
        ClassifyDer(content) switch
        {
            DerKind.Pkcs1 => ImportPkcs1(content, path),
            DerKind.Pkcs8 => ImportPkcs8(content, path),
            DerKind.EncryptedPkcs8 => ImportEncryptedPkcs8(content, password, path),
            DerKind.Pkcs12 => LoadPkcs12(content, password, path),
            _ => throw new KeyFileException(KeyFileError.UnsupportedFormat, path),
        };

    /// <summary>
    /// The outer SEQUENCE tells the formats apart:
    /// RFC 8017 A.1.2  RSAPrivateKey       ::= SEQUENCE { version INTEGER (0|1), modulus INTEGER, ... }
    /// RFC 5208 §5     PrivateKeyInfo      ::= SEQUENCE { version INTEGER (0), privateKeyAlgorithm SEQUENCE, ... }
    /// RFC 5208 §6     EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm SEQUENCE, encryptedData OCTET STRING }
    /// RFC 7292 §4     PFX                 ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo (SEQUENCE), macData ... }
    /// </summary>
    internal static DerKind ClassifyDer(ReadOnlySpan<byte> content)
    {
        try
        {
            // PKCS#12 files are often BER (indefinite lengths), so read the outer shell with BER rules.
            AsnDecoder.ReadSequence(content, AsnEncodingRules.BER, out int offset, out int length, out _);
            ReadOnlySpan<byte> body = content.Slice(offset, length);
            if (body.IsEmpty)
            {
                return DerKind.Unknown;
            }

            Asn1Tag first = Asn1Tag.Decode(body, out _);
            if (first.HasSameClassAndValue(Asn1Tag.Sequence))
            {
                return DerKind.EncryptedPkcs8;
            }

            if (!first.HasSameClassAndValue(Asn1Tag.Integer))
            {
                return DerKind.Unknown;
            }

            AsnDecoder.ReadIntegerBytes(body, AsnEncodingRules.BER, out int consumed);
            bool isVersion3 = AsnDecoder.TryReadInt32(body, AsnEncodingRules.BER, out int version, out _) && version == 3;
            if (consumed == body.Length)
            {
                return DerKind.Unknown;
            }

            Asn1Tag second = Asn1Tag.Decode(body[consumed..], out _);
            if (second.HasSameClassAndValue(Asn1Tag.Integer))
            {
                return DerKind.Pkcs1;
            }

            if (second.HasSameClassAndValue(Asn1Tag.Sequence))
            {
                return isVersion3 ? DerKind.Pkcs12 : DerKind.Pkcs8;
            }

            return DerKind.Unknown;
        }
        catch (AsnContentException)
        {
            return DerKind.Unknown;
        }
    }

    private static RSA ImportPkcs1(ReadOnlySpan<byte> der, string path)
    {
        RSA rsa = RSA.Create();
        try
        {
            rsa.ImportRSAPrivateKey(der, out int read);

            // X.690 §8.1.1: one encoding, nothing after it.
            if (read != der.Length)
            {
                throw new KeyFileException(KeyFileError.Corrupt, path);
            }

            return rsa;
        }
        catch (CryptographicException e)
        {
            rsa.Dispose();
            throw new KeyFileException(KeyFileError.Corrupt, path, e);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    private static RSA ImportPkcs8(ReadOnlySpan<byte> der, string path)
    {
        // RFC 5208 §5: privateKeyAlgorithm names the key type; only rsaEncryption is usable here.
        if (ReadPkcs8Algorithm(der, path) != RsaEncryptionOid)
        {
            throw new KeyFileException(KeyFileError.NotRsa, path);
        }

        RSA rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(der, out int read);
            if (read != der.Length)
            {
                throw new KeyFileException(KeyFileError.Corrupt, path);
            }

            return rsa;
        }
        catch (CryptographicException e)
        {
            rsa.Dispose();
            throw new KeyFileException(KeyFileError.Corrupt, path, e);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    private static string ReadPkcs8Algorithm(ReadOnlySpan<byte> der, string path)
    {
        try
        {
            AsnDecoder.ReadSequence(der, AsnEncodingRules.DER, out int offset, out int length, out _);
            ReadOnlySpan<byte> body = der.Slice(offset, length);
            AsnDecoder.ReadIntegerBytes(body, AsnEncodingRules.DER, out int consumed);
            body = body[consumed..];
            AsnDecoder.ReadSequence(body, AsnEncodingRules.DER, out offset, out length, out _);
            return AsnDecoder.ReadObjectIdentifier(body.Slice(offset, length), AsnEncodingRules.DER, out _);
        }
        catch (AsnContentException e)
        {
            throw new KeyFileException(KeyFileError.Corrupt, path, e);
        }
    }

    /// <summary>
    /// RFC 5208 §6 / RFC 8018: decrypts and imports. A failure is a wrong (or missing) password unless the
    /// same password opens the key as EC or DSA, which makes it a non-RSA key.
    /// </summary>
    private static RSA ImportEncryptedPkcs8(ReadOnlySpan<byte> der, string? password, string path)
    {
        if (password is null)
        {
            throw new KeyFileException(KeyFileError.BadPassword, path);
        }

        RSA rsa = RSA.Create();
        try
        {
            rsa.ImportEncryptedPkcs8PrivateKey(password, der, out int read);
            if (read != der.Length)
            {
                throw new KeyFileException(KeyFileError.Corrupt, path);
            }

            return rsa;
        }
        catch (CryptographicException e)
        {
            rsa.Dispose();
            throw new KeyFileException(OpensAsOtherKeyType(der, password) ? KeyFileError.NotRsa : KeyFileError.BadPassword, path, e);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    private static bool OpensAsOtherKeyType(ReadOnlySpan<byte> der, string password)
    {
        AsymmetricAlgorithm[] others = [ECDsa.Create(), DSA.Create()];
        try
        {
            foreach (AsymmetricAlgorithm other in others)
            {
                try
                {
                    other.ImportEncryptedPkcs8PrivateKey(password, der, out _);
                    return true;
                }
                catch (CryptographicException)
                {
                    // Not this type either.
                }
                catch (PlatformNotSupportedException)
                {
                    // DSA is missing on some platforms.
                }
            }

            return false;
        }
        finally
        {
            foreach (AsymmetricAlgorithm other in others)
            {
                other.Dispose();
            }
        }
    }

    internal enum DerKind
    {
        Unknown,
        Pkcs1,
        Pkcs8,
        EncryptedPkcs8,
        Pkcs12,
    }
}
