using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>
/// (EC)DH with a known private key: recognise the side the key belongs to by recomputing its public
/// value, then agree with the other side's share. Every method returns null when the key does not
/// produce <c>own</c> or a value is invalid — a wrong key is never an error, only a miss.
/// </summary>
internal static class KeyAgreement
{
    /// <summary>Shared secret with a named group; FFDHE results are left-padded to the prime's length (RFC 8446 §7.4.1) when <paramref name="padFfdhe"/>.</summary>
    public static byte[]? TryAgree(NamedGroup group, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> own, ReadOnlySpan<byte> peer, bool padFfdhe)
    {
        return group switch
        {
            NamedGroup.X25519 => TryX25519(privateKey, own, peer),
            NamedGroup.X448 => TryX448(privateKey, own, peer),
            NamedGroup.Secp256r1 => TryEcdh("secp256r1", privateKey, own, peer),
            NamedGroup.Secp384r1 => TryEcdh("secp384r1", privateKey, own, peer),
            NamedGroup.Secp521r1 => TryEcdh("secp521r1", privateKey, own, peer),
            NamedGroup.Ffdhe2048 => TryFfdhe(DHStandardGroups.rfc7919_ffdhe2048, privateKey, own, peer, padFfdhe),
            NamedGroup.Ffdhe3072 => TryFfdhe(DHStandardGroups.rfc7919_ffdhe3072, privateKey, own, peer, padFfdhe),
            NamedGroup.Ffdhe4096 => TryFfdhe(DHStandardGroups.rfc7919_ffdhe4096, privateKey, own, peer, padFfdhe),
            NamedGroup.Ffdhe6144 => TryFfdhe(DHStandardGroups.rfc7919_ffdhe6144, privateKey, own, peer, padFfdhe),
            NamedGroup.Ffdhe8192 => TryFfdhe(DHStandardGroups.rfc7919_ffdhe8192, privateKey, own, peer, padFfdhe),
            _ => null,
        };
    }

    /// <summary>Finite-field DH over explicit parameters (TLS 1.2 DHE, RFC 5246 §7.4.3); the result has its leading zeros stripped (RFC 5246 §8.1.2).</summary>
    public static byte[]? TryFiniteField(ReadOnlySpan<byte> prime, ReadOnlySpan<byte> generator, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> own, ReadOnlySpan<byte> peer)
    {
        var p = new BigInteger(1, prime.ToArray());
        var g = new BigInteger(1, generator.ToArray());
        if (p.BitLength < 2 || g.SignValue <= 0)
        {
            return null;
        }

        return TryFiniteField(p, g, privateKey, own, peer, padLength: 0);
    }

    private static byte[]? TryX25519(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> own, ReadOnlySpan<byte> peer)
    {
        // RFC 7748 §5: X25519 scalars and u-coordinates are 32 bytes.
        if (privateKey.Length != X25519PrivateKeyParameters.KeySize || peer.Length != X25519PublicKeyParameters.KeySize)
        {
            return null;
        }

        var key = new X25519PrivateKeyParameters(privateKey.ToArray());
        if (!own.SequenceEqual(key.GeneratePublicKey().GetEncoded()))
        {
            return null;
        }

        byte[] secret = new byte[X25519PrivateKeyParameters.SecretSize];
        try
        {
            key.GenerateSecret(new X25519PublicKeyParameters(peer.ToArray()), secret, 0);
        }
        catch (InvalidOperationException)
        {
            // RFC 7748 §6.1: BouncyCastle refuses the all-zero result of a small-order peer value.
            return null;
        }

        return secret;
    }

    private static byte[]? TryX448(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> own, ReadOnlySpan<byte> peer)
    {
        // RFC 7748 §5: X448 scalars and u-coordinates are 56 bytes.
        if (privateKey.Length != X448PrivateKeyParameters.KeySize || peer.Length != X448PublicKeyParameters.KeySize)
        {
            return null;
        }

        var key = new X448PrivateKeyParameters(privateKey.ToArray());
        if (!own.SequenceEqual(key.GeneratePublicKey().GetEncoded()))
        {
            return null;
        }

        byte[] secret = new byte[X448PrivateKeyParameters.SecretSize];
        try
        {
            key.GenerateSecret(new X448PublicKeyParameters(peer.ToArray()), secret, 0);
        }
        catch (InvalidOperationException)
        {
            // RFC 7748 §6.2: the all-zero result of a small-order peer value is refused.
            return null;
        }

        return secret;
    }

    /// <summary>RFC 8446 §7.4.2 and RFC 8422 §5.10: the shared secret is the x-coordinate of d·Q, as many bytes as the field.</summary>
    private static byte[]? TryEcdh(string curveName, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> own, ReadOnlySpan<byte> peer)
    {
        X9ECParameters curve = ECNamedCurveTable.GetByName(curveName);
        int fieldLength = (curve.Curve.FieldSize + 7) / 8;
        if (privateKey.IsEmpty || privateKey.Length > fieldLength)
        {
            return null;
        }

        var d = new BigInteger(1, privateKey.ToArray());
        if (d.SignValue <= 0 || d.CompareTo(curve.N) >= 0)
        {
            return null;
        }

        var publicPoint = curve.G.Multiply(d).Normalize();
        if (!own.SequenceEqual(publicPoint.GetEncoded(false)) && !own.SequenceEqual(publicPoint.GetEncoded(true)))
        {
            return null;
        }

        try
        {
            var peerPoint = curve.Curve.DecodePoint(peer.ToArray());
            var shared = peerPoint.Multiply(d).Normalize();
            return shared.IsInfinity ? null : shared.AffineXCoord.GetEncoded();
        }
        catch (ArgumentException)
        {
            // Not a point of the curve.
            return null;
        }
    }

    private static byte[]? TryFfdhe(DHParameters group, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> own, ReadOnlySpan<byte> peer, bool pad) =>
        TryFiniteField(group.P, group.G, privateKey, own, peer, pad ? (group.P.BitLength + 7) / 8 : 0);

    private static byte[]? TryFiniteField(BigInteger p, BigInteger g, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> own, ReadOnlySpan<byte> peer, int padLength)
    {
        if (privateKey.IsEmpty || own.IsEmpty || peer.IsEmpty)
        {
            return null;
        }

        var x = new BigInteger(1, privateKey.ToArray());
        if (x.SignValue <= 0 || !g.ModPow(x, p).Equals(new BigInteger(1, own.ToArray())))
        {
            return null;
        }

        // RFC 7919 §5.1: the peer's value must lie in 1 < Y < p - 1.
        var y = new BigInteger(1, peer.ToArray());
        if (y.CompareTo(BigInteger.One) <= 0 || y.CompareTo(p.Subtract(BigInteger.One)) >= 0)
        {
            return null;
        }

        byte[] z = y.ModPow(x, p).ToByteArrayUnsigned();
        if (z.Length >= padLength)
        {
            return z;
        }

        byte[] padded = new byte[padLength];
        z.CopyTo(padded, padLength - z.Length);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(z);
        return padded;
    }
}
