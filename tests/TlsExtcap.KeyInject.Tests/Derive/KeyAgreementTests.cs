using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using TlsExtcap.KeyInject.Derive;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace TlsExtcap.KeyInject.Tests.Derive;

public class KeyAgreementTests
{
    private static readonly SecureRandom Random = new();

    public static TheoryData<string, ushort> Groups => new()
    {
        { "x25519", (ushort)NamedGroup.X25519 },
        { "x448", (ushort)NamedGroup.X448 },
        { "secp256r1", (ushort)NamedGroup.Secp256r1 },
        { "secp384r1", (ushort)NamedGroup.Secp384r1 },
        { "secp521r1", (ushort)NamedGroup.Secp521r1 },
        { "ffdhe2048", (ushort)NamedGroup.Ffdhe2048 },
        { "ffdhe3072", (ushort)NamedGroup.Ffdhe3072 },
        { "ffdhe4096", (ushort)NamedGroup.Ffdhe4096 },
        { "ffdhe6144", (ushort)NamedGroup.Ffdhe6144 },
        { "ffdhe8192", (ushort)NamedGroup.Ffdhe8192 },
    };

    [Theory]
    [MemberData(nameof(Groups))]
    public void TryAgree_EitherSide_SameSecret(string label, ushort value)
    {
        var group = (NamedGroup)value;
        var (clientPrivate, clientPublic) = NewKey(group);
        var (serverPrivate, serverPublic) = NewKey(group);

        byte[]? asClient = KeyAgreement.TryAgree(group, clientPrivate, clientPublic, serverPublic, padFfdhe: true);
        byte[]? asServer = KeyAgreement.TryAgree(group, serverPrivate, serverPublic, clientPublic, padFfdhe: true);

        Assert.NotNull(asClient);
        Assert.True(asClient.AsSpan().SequenceEqual(asServer), label);
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void TryAgree_KeyOfTheOtherShare_Null(string label, ushort value)
    {
        var group = (NamedGroup)value;
        var (clientPrivate, clientPublic) = NewKey(group);
        var (_, serverPublic) = NewKey(group);

        Assert.True(KeyAgreement.TryAgree(group, clientPrivate, serverPublic, clientPublic, padFfdhe: true) is null, label);
    }

    [Fact]
    public void TryAgree_X25519Rfc7748Vector_SharedSecret()
    {
        // RFC 7748 §6.1.
        byte[] alicePrivate = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] alicePublic = Convert.FromHexString("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        byte[] bobPublic = Convert.FromHexString("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");

        byte[]? shared = KeyAgreement.TryAgree(NamedGroup.X25519, alicePrivate, alicePublic, bobPublic, padFfdhe: true);

        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Convert.ToHexStringLower(shared!));
    }

    [Fact]
    public void TryAgree_SeedKeys_SeedSharedSecret()
    {
        // The seed README: the session's X25519 shared secret.
        byte[] client = Convert.FromHexString("186b7a9daf3855fa090bf29a69391dc1ee788393f2dba58a23cab0f6b96d6355");
        byte[] server = Convert.FromHexString("d8b3916b7e1ed8d6fa07c7810eef53639b77e51e0fd8e044c1c9e1186fd63c49");
        byte[] serverPublic = new X25519PrivateKeyParameters(server).GeneratePublicKey().GetEncoded();
        byte[] clientPublic = new X25519PrivateKeyParameters(client).GeneratePublicKey().GetEncoded();

        byte[]? shared = KeyAgreement.TryAgree(NamedGroup.X25519, client, clientPublic, serverPublic, padFfdhe: true);

        Assert.Equal("4c75e186e47a2627bb4501955a051d516653d9570f34c660e623d26e2175b956", Convert.ToHexStringLower(shared!));
    }

    [Theory]
    [InlineData("P-256", 256)]
    [InlineData("P-384", 384)]
    [InlineData("P-521", 521)]
    public void TryAgree_NistCurve_MatchesDotNetEcdh(string label, int bits)
    {
        using var ours = ECDiffieHellman.Create(bits switch { 256 => ECCurve.NamedCurves.nistP256, 384 => ECCurve.NamedCurves.nistP384, _ => ECCurve.NamedCurves.nistP521 });
        using var theirs = ECDiffieHellman.Create(ours.ExportParameters(false).Curve);
        var parameters = ours.ExportParameters(true);
        var group = bits switch { 256 => NamedGroup.Secp256r1, 384 => NamedGroup.Secp384r1, _ => NamedGroup.Secp521r1 };

        byte[]? shared = KeyAgreement.TryAgree(group, parameters.D, Uncompressed(parameters.Q), Uncompressed(theirs.ExportParameters(false).Q), padFfdhe: true);

        Assert.True(shared is not null, label);
        Assert.Equal(ours.DeriveRawSecretAgreement(theirs.PublicKey), shared);
    }

    [Fact]
    public void TryAgree_FfdhePeerValueOne_Null()
    {
        var (key, own) = NewKey(NamedGroup.Ffdhe2048);

        // RFC 7919 §5.1: 1 is not a valid peer value.
        Assert.Null(KeyAgreement.TryAgree(NamedGroup.Ffdhe2048, key, own, [1], padFfdhe: true));
    }

    [Fact]
    public void TryAgree_X25519AllZeroPeer_Null()
    {
        var (key, own) = NewKey(NamedGroup.X25519);

        // RFC 7748 §6.1: a small-order point gives the all-zero secret, which is refused.
        Assert.Null(KeyAgreement.TryAgree(NamedGroup.X25519, key, own, new byte[32], padFfdhe: true));
    }

    private static byte[] Uncompressed(ECPoint q) => [0x04, .. q.X!, .. q.Y!];

    private static (byte[] Private, byte[] Public) NewKey(NamedGroup group)
    {
        switch (group)
        {
            case NamedGroup.X25519:
                var x25519 = new X25519PrivateKeyParameters(Random);
                return (x25519.GetEncoded(), x25519.GeneratePublicKey().GetEncoded());
            case NamedGroup.X448:
                var x448 = new X448PrivateKeyParameters(Random);
                return (x448.GetEncoded(), x448.GeneratePublicKey().GetEncoded());
            case NamedGroup.Secp256r1 or NamedGroup.Secp384r1 or NamedGroup.Secp521r1:
                var curve = ECNamedCurveTable.GetByName(group switch { NamedGroup.Secp256r1 => "secp256r1", NamedGroup.Secp384r1 => "secp384r1", _ => "secp521r1" });
                var d = new BigInteger(curve.N.BitLength - 1, Random).Add(BigInteger.One);
                return (d.ToByteArrayUnsigned(), curve.G.Multiply(d).Normalize().GetEncoded(false));
            default:
                var parameters = group switch
                {
                    NamedGroup.Ffdhe2048 => DHStandardGroups.rfc7919_ffdhe2048,
                    NamedGroup.Ffdhe3072 => DHStandardGroups.rfc7919_ffdhe3072,
                    NamedGroup.Ffdhe4096 => DHStandardGroups.rfc7919_ffdhe4096,
                    NamedGroup.Ffdhe6144 => DHStandardGroups.rfc7919_ffdhe6144,
                    _ => DHStandardGroups.rfc7919_ffdhe8192,
                };
                var x = new BigInteger(256, Random).Add(BigInteger.Two);
                return (x.ToByteArrayUnsigned(), parameters.G.ModPow(x, parameters.P).ToByteArrayUnsigned());
        }
    }
}
