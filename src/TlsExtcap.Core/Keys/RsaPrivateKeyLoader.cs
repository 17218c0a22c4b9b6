using System.Security.Cryptography;
using System.Text;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// Loads an RSA private key for decrypting TLS RSA key exchanges, recognising the format by content:
/// PEM (PKCS#1 <c>RSA PRIVATE KEY</c>, also OpenSSL-encrypted; PKCS#8 <c>PRIVATE KEY</c>;
/// <c>ENCRYPTED PRIVATE KEY</c>), DER (PKCS#1, PKCS#8, encrypted PKCS#8) and PKCS#12 (.p12/.pfx).
/// </summary>
public static partial class RsaPrivateKeyLoader
{
    /// <summary>Largest key file accepted; real key files are a few kilobytes.</summary>
    public const long MaxFileSize = 1024 * 1024;

    /// <summary>Loads the RSA private key in <paramref name="path"/>.</summary>
    /// <param name="path">Key file.</param>
    /// <param name="password">Password of an encrypted key or PKCS#12 file.</param>
    /// <returns>A new <see cref="RSA"/> the caller owns.</returns>
    /// <exception cref="KeyFileException">The file is missing, too large, not a supported key, encrypted with another password, not RSA, or damaged.</exception>
    public static RSA Load(string path, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] content = KeyFileReader.ReadBounded(path, MaxFileSize);
        try
        {
            return LoadFromBytes(content, password, path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>Loads a key from file content; <paramref name="path"/> only names it in exceptions.</summary>
    internal static RSA LoadFromBytes(ReadOnlySpan<byte> content, string? password, string path)
    {
        if (LooksLikePem(content))
        {
            return LoadPem(content, password, path);
        }

        return LoadDer(content, password, path);
    }

    private static bool LooksLikePem(ReadOnlySpan<byte> content) => content.IndexOf("-----BEGIN "u8) >= 0;

    /// <summary>RFC 7468: finds the first private key block; certificates and other blocks are skipped.</summary>
    private static RSA LoadPem(ReadOnlySpan<byte> content, string? password, string path)
    {
        // RFC 7468 §2: PEM text is ASCII. Anything else decodes to '?' and fails the base64 check.
        char[] text = new char[content.Length];
        Encoding.ASCII.GetChars(content, text);
        try
        {
            // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED") are outside RFC 7468; OpenSSL still writes them.
            if (text.AsSpan().IndexOf("Proc-Type:".AsSpan()) >= 0)
            {
                return LoadLegacyEncryptedPem(text, password, path);
            }

            ReadOnlySpan<char> rest = text;
            bool sawNonRsaKey = false;
            while (PemEncoding.TryFind(rest, out PemFields fields))
            {
                ReadOnlySpan<char> label = rest[fields.Label];
                PemKind kind = ClassifyPemLabel(label);
                if (kind == PemKind.Other)
                {
                    rest = rest[fields.Location.End..];
                    continue;
                }

                if (kind == PemKind.NotRsa)
                {
                    sawNonRsaKey = true;
                    rest = rest[fields.Location.End..];
                    continue;
                }

                byte[] der = new byte[fields.DecodedDataLength];
                try
                {
                    if (!Convert.TryFromBase64Chars(rest[fields.Base64Data], der, out int written) || written != der.Length)
                    {
                        throw new KeyFileException(KeyFileError.Corrupt, path);
                    }

                    return kind switch
                    {
                        PemKind.Pkcs1 => ImportPkcs1(der, path),
                        PemKind.Pkcs8 => ImportPkcs8(der, path),
                        _ => ImportEncryptedPkcs8(der, password, path),
                    };
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(der);
                }
            }

            throw new KeyFileException(sawNonRsaKey ? KeyFileError.NotRsa : KeyFileError.UnsupportedFormat, path);
        }
        finally
        {
            Array.Clear(text);
        }
    }

    private static PemKind ClassifyPemLabel(ReadOnlySpan<char> label) => label switch
    {
        "RSA PRIVATE KEY" => PemKind.Pkcs1,
        "PRIVATE KEY" => PemKind.Pkcs8,
        "ENCRYPTED PRIVATE KEY" => PemKind.EncryptedPkcs8,
        "EC PRIVATE KEY" or "DSA PRIVATE KEY" => PemKind.NotRsa,
        _ => PemKind.Other,
    };

    private enum PemKind
    {
        Other,
        Pkcs1,
        Pkcs8,
        EncryptedPkcs8,
        NotRsa,
    }
}
