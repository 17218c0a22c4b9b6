using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Pkcs;

namespace TlsExtcap.Core.Keys;

public static partial class RsaPrivateKeyLoader
{
    /// <summary>
    /// RFC 7292: PKCS#12 through BouncyCastle, whose managed code also reads the legacy
    /// pbeWithSHAAnd40BitRC2-CBC bags that OpenSSL 3 no longer enables by default.
    /// The first RSA key entry is taken.
    /// </summary>
    private static RSA LoadPkcs12(ReadOnlySpan<byte> content, string? password, string path)
    {
        // RFC 7292 Appendix B.1: a missing password is the empty password.
        char[] chars = (password ?? string.Empty).ToCharArray();
        byte[] copy = content.ToArray();
        Pkcs12Store store = new Pkcs12StoreBuilder().Build();
        try
        {
            using var stream = new MemoryStream(copy, writable: false);
            store.Load(stream, chars);
        }
        catch (IOException e)
        {
            // RFC 7292 §5.1: the MAC check is the only verdict on the password.
            throw new KeyFileException(KeyFileError.BadPassword, path, e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or InvalidOperationException or CryptoException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            throw new KeyFileException(KeyFileError.Corrupt, path, e);
        }
        finally
        {
            Array.Clear(chars);
            CryptographicOperations.ZeroMemory(copy);
        }

        bool sawKey = false;
        foreach (string alias in store.Aliases)
        {
            if (!store.IsKeyEntry(alias))
            {
                continue;
            }

            sawKey = true;
            if (store.GetKey(alias)?.Key is RsaPrivateCrtKeyParameters rsaKey)
            {
                return ImportBouncyCastleKey(rsaKey, path);
            }
        }

        throw new KeyFileException(sawKey ? KeyFileError.NotRsa : KeyFileError.UnsupportedFormat, path);
    }

    /// <summary>RFC 1421 §4.6.1.1 "Proc-Type: 4,ENCRYPTED" PEM as written by <c>openssl rsa -aes256</c>.</summary>
    private static RSA LoadLegacyEncryptedPem(char[] text, string? password, string path)
    {
        object? read;
        try
        {
            using var reader = new StringReader(new string(text));
            var pem = new PemReader(reader, new PasswordFinder(password));
            read = pem.ReadObject();
        }
        catch (PasswordException e)
        {
            throw new KeyFileException(KeyFileError.BadPassword, path, e);
        }
        catch (Exception e) when (e is IOException or InvalidCastException or ArgumentException or CryptoException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            // A wrong password usually shows up as bad padding or a garbled structure.
            throw new KeyFileException(KeyFileError.BadPassword, path, e);
        }

        return read switch
        {
            AsymmetricCipherKeyPair { Private: RsaPrivateCrtKeyParameters rsaKey } => ImportBouncyCastleKey(rsaKey, path),
            AsymmetricCipherKeyPair or AsymmetricKeyParameter => throw new KeyFileException(KeyFileError.NotRsa, path),
            _ => throw new KeyFileException(KeyFileError.UnsupportedFormat, path),
        };
    }

    private static RSA ImportBouncyCastleKey(RsaPrivateCrtKeyParameters key, string path)
    {
        byte[] pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded();
        try
        {
            return ImportPkcs8(pkcs8, path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private sealed class PasswordFinder(string? password) : IPasswordFinder
    {
        public char[] GetPassword() =>
            password?.ToCharArray() ?? throw new PasswordException("The key is encrypted and no password was given.");
    }
}
