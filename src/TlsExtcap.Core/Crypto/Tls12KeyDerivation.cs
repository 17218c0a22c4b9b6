using System.Security.Cryptography;
using System.Text;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// Key derivation of SSL 3.0 (RFC 6101 §6), TLS 1.0/1.1 (RFC 2246 §5/§6.3, RFC 4346), TLS 1.2 (RFC 5246 §5/§6.3/§8.1)
/// and DTLS 1.0/1.2 (RFC 4347 §4.2, RFC 6347 §4.2, which reuse the TLS 1.1 / TLS 1.2 PRF).
/// </summary>
public static class Tls12KeyDerivation
{
    /// <summary>RFC 5246 §8.1: master_secret is always 48 bytes.</summary>
    public const int MasterSecretLength = 48;

    /// <summary>RFC 5246 §7.4.9: verify_data_length is 12 for every suite we know.</summary>
    public const int VerifyDataLength = 12;

    private const int RandomLength = 32;

    /// <summary>
    /// PRF(secret, label, seed) filling <paramref name="output"/>: P_&lt;prfHash&gt; for TLS 1.2 / DTLS 1.2,
    /// P_MD5 ⊕ P_SHA1 for TLS 1.0/1.1 / DTLS 1.0, and for SSL 3.0 the MD5/SHA-1 'A', 'BB', 'CCC' construction
    /// over <paramref name="seed"/> (<paramref name="label"/> is ignored: SSL 3.0 has none).
    /// </summary>
    public static void Prf(TlsVersion version, HashAlgorithmName prfHash, ReadOnlySpan<byte> secret, string label, ReadOnlySpan<byte> seed, Span<byte> output)
    {
        ArgumentNullException.ThrowIfNull(label);
        switch (Tls12PrfVariants.Of(version))
        {
            case Tls12PrfVariant.Ssl3:
                Ssl3Prf(secret, seed, output);
                break;
            case Tls12PrfVariant.Md5Sha1:
                Tls10Prf(secret, label, seed, output);
                break;
            default:
                PHash(prfHash, secret, label, seed, output);
                break;
        }
    }

    /// <summary>RFC 5246 §8.1 master_secret = PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]; RFC 6101 §6.1 for SSL 3.0.</summary>
    public static byte[] ComputeMasterSecret(TlsVersion version, HashAlgorithmName prfHash, ReadOnlySpan<byte> preMasterSecret, ReadOnlySpan<byte> clientRandom, ReadOnlySpan<byte> serverRandom)
    {
        Span<byte> seed = stackalloc byte[RandomLength * 2];
        ConcatRandoms(clientRandom, serverRandom, seed);
        byte[] master = new byte[MasterSecretLength];
        Prf(version, prfHash, preMasterSecret, "master secret", seed, master);
        return master;
    }

    /// <summary>RFC 7627 §4: master_secret = PRF(pre_master_secret, "extended master secret", session_hash)[0..47]. Not defined for SSL 3.0.</summary>
    public static byte[] ComputeExtendedMasterSecret(TlsVersion version, HashAlgorithmName prfHash, ReadOnlySpan<byte> preMasterSecret, ReadOnlySpan<byte> sessionHash)
    {
        if (Tls12PrfVariants.Of(version) == Tls12PrfVariant.Ssl3)
        {
            // RFC 7627 §5.2: the extension is defined for TLS 1.0 and later only.
            throw new ArgumentException("The extended master secret is not defined for SSL 3.0.", nameof(version));
        }

        byte[] master = new byte[MasterSecretLength];
        Prf(version, prfHash, preMasterSecret, "extended master secret", sessionHash, master);
        return master;
    }

    /// <summary>
    /// RFC 4279 §2: premaster = uint16 len(other_secret) || other_secret || uint16 len(psk) || psk. For plain PSK an empty
    /// <paramref name="otherSecret"/> means N zero bytes, N = psk length; DHE_PSK / ECDHE_PSK pass Z (RFC 4279 §3, RFC 5489 §2),
    /// RSA_PSK the 48-byte RSA premaster (RFC 4279 §4).
    /// </summary>
    public static byte[] BuildPskPreMasterSecret(KeyExchangeAlgorithm kx, ReadOnlySpan<byte> psk, ReadOnlySpan<byte> otherSecret)
    {
        if (psk.Length > ushort.MaxValue || otherSecret.Length > ushort.MaxValue)
        {
            // RFC 4279 §2: both are opaque<0..2^16-1>.
            throw new ArgumentException("PSK and other_secret are at most 65535 bytes.", nameof(psk));
        }

        bool zeros = otherSecret.IsEmpty;
        if (zeros && kx != KeyExchangeAlgorithm.Psk)
        {
            throw new ArgumentException($"Key exchange {kx} needs the other_secret.", nameof(otherSecret));
        }

        int otherLength = zeros ? psk.Length : otherSecret.Length;
        byte[] premaster = new byte[2 + otherLength + 2 + psk.Length];
        premaster[0] = (byte)(otherLength >> 8);
        premaster[1] = (byte)otherLength;
        if (!zeros)
        {
            otherSecret.CopyTo(premaster.AsSpan(2));
        }

        int offset = 2 + otherLength;
        premaster[offset] = (byte)(psk.Length >> 8);
        premaster[offset + 1] = (byte)psk.Length;
        psk.CopyTo(premaster.AsSpan(offset + 2));
        return premaster;
    }

    /// <summary>
    /// RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion", server_random + client_random), cut into client MAC key,
    /// server MAC key, client key, server key, client IV, server IV. IVs: the AEAD fixed IV; for CBC only in SSL 3.0 and
    /// TLS 1.0 (RFC 4346 §6.3 dropped the implicit IV). Export suites are not supported.
    /// </summary>
    public static Tls12KeyBlock DeriveKeyBlock(TlsVersion version, CipherSuiteInfo suite, ReadOnlySpan<byte> masterSecret, ReadOnlySpan<byte> clientRandom, ReadOnlySpan<byte> serverRandom)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (!suite.IsSupported || suite.IsTls13)
        {
            throw new NotSupportedException($"No TLS 1.2 key block for {suite}.");
        }

        int macLength = suite.MacLength;
        int keyLength = suite.KeyLength;
        int ivLength = suite.Kind switch
        {
            CipherKind.Aead => suite.FixedIvLength,
            CipherKind.Block when Tls12PrfVariants.UsesImplicitIv(version) => suite.FixedIvLength,
            _ => 0,
        };

        Span<byte> seed = stackalloc byte[RandomLength * 2];
        ConcatRandoms(serverRandom, clientRandom, seed);
        int total = (2 * macLength) + (2 * keyLength) + (2 * ivLength);
        byte[] block = new byte[total];
        try
        {
            Prf(version, suite.PrfHash, masterSecret, "key expansion", seed, block);
            int offset = 0;
            byte[] Take(int length)
            {
                byte[] part = block.AsSpan(offset, length).ToArray();
                offset += length;
                return part;
            }

            return new Tls12KeyBlock(Take(macLength), Take(macLength), Take(keyLength), Take(keyLength), Take(ivLength), Take(ivLength));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }

    /// <summary>
    /// RFC 5246 §7.4.9: verify_data = PRF(master_secret, "client finished" | "server finished", handshake_hash)[0..11].
    /// <paramref name="handshakeHash"/> is Hash(handshake_messages) with the PRF hash (TLS 1.2) or MD5 || SHA-1 (TLS 1.0/1.1).
    /// For SSL 3.0 (RFC 6101 §5.6.9) pass the handshake messages themselves; the 36-byte MD5 || SHA-1 hashes are returned.
    /// </summary>
    public static byte[] ComputeFinishedVerifyData(TlsVersion version, HashAlgorithmName prfHash, ReadOnlySpan<byte> masterSecret, bool fromClient, ReadOnlySpan<byte> handshakeHash)
    {
        if (Tls12PrfVariants.Of(version) == Tls12PrfVariant.Ssl3)
        {
            return Ssl3Mac.ComputeFinished(masterSecret, fromClient, handshakeHash);
        }

        byte[] verifyData = new byte[VerifyDataLength];
        Prf(version, prfHash, masterSecret, fromClient ? "client finished" : "server finished", handshakeHash, verifyData);
        return verifyData;
    }

    private static void ConcatRandoms(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> seed)
    {
        if (first.Length != RandomLength || second.Length != RandomLength)
        {
            // RFC 5246 §7.4.1.2: Random is 32 bytes.
            throw new ArgumentException("Client and server randoms are 32 bytes each.");
        }

        first.CopyTo(seed);
        second.CopyTo(seed[RandomLength..]);
    }

    /// <summary>RFC 5246 §5: P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ..., A(0) = seed (here label + seed).</summary>
    private static void PHash(HashAlgorithmName hash, ReadOnlySpan<byte> secret, string label, ReadOnlySpan<byte> seed, Span<byte> output)
    {
        int hashLength = HashSizes.Of(hash);
        Span<byte> labelBytes = label.Length <= 128 ? stackalloc byte[label.Length] : new byte[label.Length];
        Encoding.ASCII.GetBytes(label, labelBytes);
        Span<byte> a = stackalloc byte[HashSizes.MaxLength];
        Span<byte> chunk = stackalloc byte[HashSizes.MaxLength];
        using IncrementalHash hmac = IncrementalHash.CreateHMAC(hash, secret);
        hmac.AppendData(labelBytes);
        hmac.AppendData(seed);
        hmac.GetHashAndReset(a);
        for (int offset = 0; offset < output.Length; offset += hashLength)
        {
            hmac.AppendData(a[..hashLength]);
            hmac.AppendData(labelBytes);
            hmac.AppendData(seed);
            hmac.GetHashAndReset(chunk);
            int take = Math.Min(hashLength, output.Length - offset);
            chunk[..take].CopyTo(output[offset..]);
            hmac.AppendData(a[..hashLength]);
            hmac.GetHashAndReset(a);
        }

        CryptographicOperations.ZeroMemory(a);
        CryptographicOperations.ZeroMemory(chunk);
    }

    /// <summary>RFC 2246 §5: PRF = P_MD5(S1, label + seed) XOR P_SHA-1(S2, label + seed); S1, S2 the (overlapping) halves of the secret.</summary>
    private static void Tls10Prf(ReadOnlySpan<byte> secret, string label, ReadOnlySpan<byte> seed, Span<byte> output)
    {
        int half = (secret.Length + 1) / 2;
        ReadOnlySpan<byte> s1 = secret[..half];
        ReadOnlySpan<byte> s2 = secret[(secret.Length - half)..];
        PHash(HashAlgorithmName.MD5, s1, label, seed, output);
        byte[] sha = new byte[output.Length];
        try
        {
            PHash(HashAlgorithmName.SHA1, s2, label, seed, sha);
            for (int i = 0; i < output.Length; i++)
            {
                output[i] ^= sha[i];
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sha);
        }
    }

    /// <summary>
    /// RFC 6101 §6.1/§6.2.2: out = MD5(secret + SHA1('A' + secret + seed)) + MD5(secret + SHA1('BB' + secret + seed)) + ...
    /// </summary>
    private static void Ssl3Prf(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> seed, Span<byte> output)
    {
        const int Md5Length = 16;
        const int MaxRounds = 26; // 'A'..'Z'
        if (output.Length > Md5Length * MaxRounds)
        {
            throw new ArgumentException("SSL 3.0 key material is at most 416 bytes.", nameof(output));
        }

        using IncrementalHash md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using IncrementalHash sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        Span<byte> salt = stackalloc byte[MaxRounds];
        Span<byte> inner = stackalloc byte[20];
        Span<byte> block = stackalloc byte[Md5Length];
        for (int round = 0, offset = 0; offset < output.Length; round++, offset += Md5Length)
        {
            salt[..(round + 1)].Fill((byte)('A' + round));
            sha1.AppendData(salt[..(round + 1)]);
            sha1.AppendData(secret);
            sha1.AppendData(seed);
            sha1.GetHashAndReset(inner);
            md5.AppendData(secret);
            md5.AppendData(inner);
            md5.GetHashAndReset(block);
            block[..Math.Min(Md5Length, output.Length - offset)].CopyTo(output[offset..]);
        }

        CryptographicOperations.ZeroMemory(inner);
        CryptographicOperations.ZeroMemory(block);
    }
}
