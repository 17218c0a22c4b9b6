using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Security;
using PrfAlgorithm = Org.BouncyCastle.Tls.PrfAlgorithm;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Wire;
using Xunit;

namespace TlsExtcap.Core.Tests.Crypto;

public class Tls12KeyDerivationTests
{
    // The Illustrated TLS 1.2 Connection (https://tls12.xargs.org, syncsynchalt/illustrated-tls12): randoms, the X25519
    // shared secret (the pre-master secret) and the key log's master secret.
    private const string IllustratedClientRandom = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string IllustratedServerRandom = "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f";
    private const string IllustratedPreMaster = "df4a291baa1eb7cfa6934b29b474baad2697e29f1f920dcc77c8a0a088447624";
    private const string IllustratedMaster = "916abf9da55973e13614ae0a3f5d3f37b023ba129aee02cc9134338127cd7049781c8e19fc1eb2a7387ac06ae237344c";

    [Theory]
    // The TLS 1.2 PRF test vectors posted to the IETF TLS list (msg03416), widely reused (GnuTLS, wolfSSL, Go...).
    [InlineData("P_SHA256", "SHA256", "9bbe436ba940f017b17652849a71db35", "a0ba9f936cda311827a6f796ffd5198c",
        "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66")]
    [InlineData("P_SHA384", "SHA384", "b80b733d6ceefcdc71566ea48e5567df", "cd665cf6a8447dd6ff8b27555edb7465",
        "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee691c8f3a26854308d5eaa3be85e0990703d73e56f")]
    public void Prf_Tls12PublishedVector_MatchesExpected(string label, string hash, string secret, string seed, string expected)
    {
        byte[] output = new byte[expected.Length / 2];
        Tls12KeyDerivation.Prf(TlsVersion.Tls12, new HashAlgorithmName(hash), Hex.Parse(secret), "test label", Hex.Parse(seed), output);
        Assert.True(Hex.Format(output) == expected, label);
    }

    [Theory]
    [InlineData("even secret, short", 48, 13)]
    [InlineData("odd secret, halves overlap", 47, 104)]
    [InlineData("one-byte secret", 1, 36)]
    public void Prf_Tls10_MatchesBouncyCastleLegacyPrf(string label, int secretLength, int outputLength)
    {
        byte[] secret = Pattern(secretLength, 7);
        byte[] seed = Pattern(64, 3);
        byte[] expected = BouncyPrf(PrfAlgorithm.tls_prf_legacy, secret, "key expansion", seed, outputLength);

        byte[] actual = new byte[outputLength];
        Tls12KeyDerivation.Prf(TlsVersion.Tls10, HashAlgorithmName.SHA256, secret, "key expansion", seed, actual);
        Assert.True(expected.AsSpan().SequenceEqual(actual), label);

        // TLS 1.1 and DTLS 1.0 use the same PRF.
        Tls12KeyDerivation.Prf(TlsVersion.Dtls10, HashAlgorithmName.SHA256, secret, "key expansion", seed, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Prf_Ssl30_MatchesBouncyCastleSslPrf()
    {
        byte[] secret = Pattern(48, 11);
        byte[] seed = Pattern(64, 5);
        byte[] expected = BouncyPrf(PrfAlgorithm.ssl_prf_legacy, secret, "ignored", seed, 104);

        byte[] actual = new byte[104];
        Tls12KeyDerivation.Prf(TlsVersion.Ssl30, HashAlgorithmName.SHA256, secret, "ignored", seed, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Prf_Ssl30_IsHandComputedMd5OfSha1Construction()
    {
        // RFC 6101 §6.2.2: block i = MD5(secret + SHA1(salt_i + secret + seed)), salt_1 = 'A', salt_2 = 'BB'.
        byte[] secret = Pattern(48, 1);
        byte[] seed = Pattern(64, 2);
        byte[] expected = new byte[32];
        MD5.HashData([.. secret, .. SHA1.HashData([(byte)'A', .. secret, .. seed])]).CopyTo(expected, 0);
        MD5.HashData([.. secret, .. SHA1.HashData([(byte)'B', (byte)'B', .. secret, .. seed])]).CopyTo(expected, 16);

        byte[] actual = new byte[32];
        Tls12KeyDerivation.Prf(TlsVersion.Ssl30, HashAlgorithmName.SHA256, secret, string.Empty, seed, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ComputeMasterSecret_IllustratedTls12_MatchesKeyLog()
    {
        byte[] master = Tls12KeyDerivation.ComputeMasterSecret(
            TlsVersion.Tls12, HashAlgorithmName.SHA256, Hex.Parse(IllustratedPreMaster), Hex.Parse(IllustratedClientRandom), Hex.Parse(IllustratedServerRandom));
        Assert.Equal(IllustratedMaster, Hex.Format(master));
    }

    [Fact]
    public void ComputeMasterSecret_Ssl30_UsesClientThenServerRandomSeed()
    {
        byte[] pre = Pattern(48, 9);
        byte[] cr = Pattern(32, 1);
        byte[] sr = Pattern(32, 2);
        byte[] expected = BouncyPrf(PrfAlgorithm.ssl_prf_legacy, pre, "master secret", [.. cr, .. sr], 48);
        Assert.Equal(expected, Tls12KeyDerivation.ComputeMasterSecret(TlsVersion.Ssl30, HashAlgorithmName.SHA256, pre, cr, sr));
    }

    [Fact]
    public void ComputeMasterSecret_ShortRandom_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            Tls12KeyDerivation.ComputeMasterSecret(TlsVersion.Tls12, HashAlgorithmName.SHA256, new byte[48], new byte[31], new byte[32]));
    }

    [Fact]
    public void ComputeExtendedMasterSecret_Tls12_IsPrfOverSessionHash()
    {
        byte[] pre = Pattern(48, 4);
        byte[] sessionHash = SHA384.HashData("handshake"u8);
        byte[] expected = BouncyPrf(PrfAlgorithm.tls_prf_sha384, pre, "extended master secret", sessionHash, 48);
        Assert.Equal(expected, Tls12KeyDerivation.ComputeExtendedMasterSecret(TlsVersion.Tls12, HashAlgorithmName.SHA384, pre, sessionHash));
    }

    [Fact]
    public void ComputeExtendedMasterSecret_Ssl30_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            Tls12KeyDerivation.ComputeExtendedMasterSecret(TlsVersion.Ssl30, HashAlgorithmName.SHA256, new byte[48], new byte[36]));
    }

    [Fact]
    public void BuildPskPreMasterSecret_PlainPskWithoutOtherSecret_UsesZerosOfPskLength()
    {
        // RFC 4279 §2: other_secret is N zero octets for plain PSK.
        byte[] premaster = Tls12KeyDerivation.BuildPskPreMasterSecret(KeyExchangeAlgorithm.Psk, Hex.Parse("0a0b0c"), default);
        Assert.Equal("0003000000" + "00030a0b0c", Hex.Format(premaster));
    }

    [Fact]
    public void BuildPskPreMasterSecret_EcdhePsk_PrefixesSharedSecret()
    {
        // RFC 5489 §2: other_secret is the ECDH shared secret Z.
        byte[] premaster = Tls12KeyDerivation.BuildPskPreMasterSecret(KeyExchangeAlgorithm.EcdhePsk, Hex.Parse("0102"), Hex.Parse("aabbccdd"));
        Assert.Equal("0004aabbccdd00020102", Hex.Format(premaster));
    }

    [Fact]
    public void BuildPskPreMasterSecret_DhePskWithoutOtherSecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => Tls12KeyDerivation.BuildPskPreMasterSecret(KeyExchangeAlgorithm.DhePsk, new byte[4], default));
    }

    [Fact]
    public void DeriveKeyBlock_IllustratedTls12_MatchesPublishedKeys()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0xC013, out CipherSuiteInfo? suite));
        using Tls12KeyBlock block = Tls12KeyDerivation.DeriveKeyBlock(
            TlsVersion.Tls12, suite, Hex.Parse(IllustratedMaster), Hex.Parse(IllustratedClientRandom), Hex.Parse(IllustratedServerRandom));

        Assert.Equal("1b7d117c7d5f690bc263cae8ef60af0f1878acc2", Hex.Format(block.ClientMacKey));
        Assert.Equal("2ad8bdd8c601a617126f63540eb20906f781fad2", Hex.Format(block.ServerMacKey));
        Assert.Equal("f656d037b173ef3e11169f27231a84b6", Hex.Format(block.ClientKey));
        Assert.Equal("752a18e7a9fcb7cbcdd8f98dd8f769eb", Hex.Format(block.ServerKey));
        // RFC 5246 §6.3: CBC in TLS 1.2 has no implicit IV.
        Assert.Empty(block.ClientIv);
        Assert.Empty(block.ServerIv);
        Assert.DoesNotContain("1b7d", block.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void DeriveKeyBlock_Tls10Cbc_AppendsImplicitIvs()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x0035, out CipherSuiteInfo? suite)); // TLS_RSA_WITH_AES_256_CBC_SHA
        byte[] master = Pattern(48, 6);
        byte[] cr = Pattern(32, 1);
        byte[] sr = Pattern(32, 2);
        byte[] expected = new byte[(2 * 20) + (2 * 32) + (2 * 16)];
        Tls12KeyDerivation.Prf(TlsVersion.Tls10, suite.PrfHash, master, "key expansion", [.. sr, .. cr], expected);

        using Tls12KeyBlock block = Tls12KeyDerivation.DeriveKeyBlock(TlsVersion.Tls10, suite, master, cr, sr);
        byte[] actual = [.. block.ClientMacKey, .. block.ServerMacKey, .. block.ClientKey, .. block.ServerKey, .. block.ClientIv, .. block.ServerIv];
        Assert.Equal(expected, actual);
        Assert.Equal(16, block.ServerIv.Length);
    }

    [Fact]
    public void DeriveKeyBlock_Tls12Gcm_HasFourByteSaltsAndNoMacKeys()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0xC030, out CipherSuiteInfo? suite)); // ECDHE_RSA_WITH_AES_256_GCM_SHA384
        using Tls12KeyBlock block = Tls12KeyDerivation.DeriveKeyBlock(TlsVersion.Tls12, suite, Pattern(48, 1), Pattern(32, 2), Pattern(32, 3));
        Assert.Empty(block.ClientMacKey);
        Assert.Equal(32, block.ClientKey.Length);
        Assert.Equal(4, block.ClientIv.Length);
        Assert.Equal(4, block.ServerIv.Length);
    }

    [Fact]
    public void DeriveKeyBlock_Dispose_ZeroesKeys()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0xC013, out CipherSuiteInfo? suite));
        Tls12KeyBlock block = Tls12KeyDerivation.DeriveKeyBlock(TlsVersion.Tls12, suite, Pattern(48, 1), Pattern(32, 2), Pattern(32, 3));
        byte[] key = block.ClientKey;
        block.Dispose();
        Assert.All(key, b => Assert.Equal(0, b));
    }

    [Fact]
    public void DeriveKeyBlock_ExportSuite_Throws()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x0003, out CipherSuiteInfo? suite)); // TLS_RSA_EXPORT_WITH_RC4_40_MD5
        Assert.Throws<NotSupportedException>(() => Tls12KeyDerivation.DeriveKeyBlock(TlsVersion.Tls10, suite, new byte[48], new byte[32], new byte[32]));
    }

    [Fact]
    public void ComputeFinishedVerifyData_IllustratedTls12Client_MatchesDecryptedFinished()
    {
        // SHA-256 of the ClientHello, ServerHello, Certificate, ServerKeyExchange, ServerHelloDone and ClientKeyExchange
        // messages of the Illustrated TLS 1.2 capture; the client Finished it sends carries cf919626f1360c536aaad73a.
        byte[] handshakeHash = Hex.Parse("061dda04b3c2217ff73bd79b9cf88a2bb6ec505404aac8722db03ef417b54cb4");
        byte[] verifyData = Tls12KeyDerivation.ComputeFinishedVerifyData(TlsVersion.Tls12, HashAlgorithmName.SHA256, Hex.Parse(IllustratedMaster), fromClient: true, handshakeHash);
        Assert.Equal("cf919626f1360c536aaad73a", Hex.Format(verifyData));
    }

    [Fact]
    public void ComputeFinishedVerifyData_Tls10_UsesServerLabel()
    {
        byte[] master = Pattern(48, 2);
        byte[] hashes = Pattern(36, 3); // MD5 || SHA-1 of the messages
        byte[] expected = BouncyPrf(PrfAlgorithm.tls_prf_legacy, master, "server finished", hashes, 12);
        Assert.Equal(expected, Tls12KeyDerivation.ComputeFinishedVerifyData(TlsVersion.Tls11, HashAlgorithmName.SHA256, master, fromClient: false, hashes));
    }

    [Fact]
    public void ComputeFinishedVerifyData_Ssl30_IsMd5AndSha1OfSenderAndMaster()
    {
        // RFC 6101 §5.6.9, computed by hand.
        byte[] master = Pattern(48, 8);
        byte[] messages = Encoding.ASCII.GetBytes("handshake messages");
        byte[] sender = "CLNT"u8.ToArray();
        byte[] md5 = MD5.HashData([.. master, .. Fill(0x5c, 48), .. MD5.HashData([.. messages, .. sender, .. master, .. Fill(0x36, 48)])]);
        byte[] sha = SHA1.HashData([.. master, .. Fill(0x5c, 40), .. SHA1.HashData([.. messages, .. sender, .. master, .. Fill(0x36, 40)])]);

        byte[] actual = Tls12KeyDerivation.ComputeFinishedVerifyData(TlsVersion.Ssl30, HashAlgorithmName.SHA256, master, fromClient: true, messages);
        byte[] expected = [.. md5, .. sha];
        Assert.Equal(expected, actual);
    }

    internal static byte[] Pattern(int length, int seed)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) + (seed * 17) + 1);
        }

        return bytes;
    }

    private static byte[] Fill(byte value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static byte[] BouncyPrf(int prfAlgorithm, byte[] secret, string label, byte[] seed, int length)
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        TlsSecret tlsSecret = crypto.CreateSecret(secret);
        return tlsSecret.DeriveUsingPrf(prfAlgorithm, label, seed, length).Extract();
    }
}
