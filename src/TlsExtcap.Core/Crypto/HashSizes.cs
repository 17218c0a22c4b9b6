using System.Security.Cryptography;

namespace TlsExtcap.Core.Crypto;

/// <summary>Output length of the hashes TLS uses (FIPS 180-4, RFC 1321).</summary>
internal static class HashSizes
{
    private static readonly (HashAlgorithmName Hash, int Length)[] Lengths =
    [
        (HashAlgorithmName.MD5, 16),
        (HashAlgorithmName.SHA1, 20),
        (HashAlgorithmName.SHA256, 32),
        (HashAlgorithmName.SHA384, 48),
        (HashAlgorithmName.SHA512, 64),
    ];

    public const int MaxLength = 64;

    public static int Of(HashAlgorithmName hash)
    {
        foreach ((HashAlgorithmName name, int length) in Lengths)
        {
            if (name == hash)
            {
                return length;
            }
        }

        throw new ArgumentException($"Unsupported hash algorithm '{hash.Name}'.", nameof(hash));
    }
}
