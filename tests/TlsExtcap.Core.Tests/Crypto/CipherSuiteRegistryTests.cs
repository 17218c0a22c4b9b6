using System.Security.Cryptography;
using TlsExtcap.Core.Crypto;
using Xunit;

namespace TlsExtcap.Core.Tests.Crypto;

public class CipherSuiteRegistryTests
{
    [Theory]
    [InlineData(0x0000, "TLS_NULL_WITH_NULL_NULL")]
    [InlineData(0x0004, "TLS_RSA_WITH_RC4_128_MD5")]
    [InlineData(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA")]
    [InlineData(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256")]
    [InlineData(0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV")]
    [InlineData(0x1301, "TLS_AES_128_GCM_SHA256")]
    [InlineData(0x1302, "TLS_AES_256_GCM_SHA384")]
    [InlineData(0x1303, "TLS_CHACHA20_POLY1305_SHA256")]
    [InlineData(0x5600, "TLS_FALLBACK_SCSV")]
    [InlineData(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")]
    [InlineData(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")]
    [InlineData(0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8")]
    [InlineData(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")]
    [InlineData(0xD001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256")]
    [InlineData(0x0A0A, "Reserved (GREASE)")]
    [InlineData(0xFAFA, "Reserved (GREASE)")]
    public void GetName_KnownValue_ReturnsIanaName(int value, string expected)
    {
        Assert.Equal(expected, CipherSuiteRegistry.GetName((ushort)value));
    }

    [Theory]
    [InlineData(0x1234, "Unknown (0x1234)")]
    [InlineData(0x00C8, "Unknown (0x00C8)")]
    [InlineData(0xFF00, "Unknown (0xFF00)")]
    public void GetName_UnassignedValue_ReturnsUnknownWithHex(int value, string expected)
    {
        Assert.Equal(expected, CipherSuiteRegistry.GetName((ushort)value));
        Assert.False(CipherSuiteRegistry.TryGet((ushort)value, out _));
    }

    [Fact]
    public void TryGet_Tls13Aes256Gcm_HasSha384AndTwelveByteIv()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x1302, out CipherSuiteInfo? suite));
        Assert.True(suite.IsTls13);
        Assert.True(suite.IsSupported);
        Assert.Equal(KeyExchangeAlgorithm.Tls13, suite.KeyExchange);
        Assert.Equal(BulkCipherAlgorithm.Aes256Gcm, suite.Cipher);
        Assert.Equal(CipherKind.Aead, suite.Kind);
        Assert.Equal(HashAlgorithmName.SHA384, suite.PrfHash);
        Assert.Equal(32, suite.KeyLength);
        Assert.Equal(12, suite.FixedIvLength);
        Assert.Equal(0, suite.RecordIvLength);
        Assert.Equal(16, suite.TagLength);
    }

    [Theory]
    [InlineData("ECDHE_RSA AES_128_CBC_SHA", 0xC013, KeyExchangeAlgorithm.EcdheRsa, BulkCipherAlgorithm.Aes128Cbc, CipherKind.Block, MacAlgorithm.Sha1, "SHA256", 16, 16, 16, 0, 20, 16)]
    [InlineData("ECDHE_RSA AES_256_CBC_SHA384", 0xC028, KeyExchangeAlgorithm.EcdheRsa, BulkCipherAlgorithm.Aes256Cbc, CipherKind.Block, MacAlgorithm.Sha384, "SHA384", 32, 16, 16, 0, 48, 16)]
    [InlineData("ECDHE_ECDSA AES_256_GCM", 0xC02C, KeyExchangeAlgorithm.EcdheEcdsa, BulkCipherAlgorithm.Aes256Gcm, CipherKind.Aead, MacAlgorithm.Aead, "SHA384", 32, 4, 8, 16, 0, 0)]
    [InlineData("ECDHE_ECDSA AES_128_CCM_8", 0xC0AE, KeyExchangeAlgorithm.EcdheEcdsa, BulkCipherAlgorithm.Aes128Ccm8, CipherKind.Aead, MacAlgorithm.Aead, "SHA256", 16, 4, 8, 8, 0, 0)]
    [InlineData("ECDHE_PSK AES_128_CCM_8_SHA256", 0xD003, KeyExchangeAlgorithm.EcdhePsk, BulkCipherAlgorithm.Aes128Ccm8, CipherKind.Aead, MacAlgorithm.Aead, "SHA256", 16, 4, 8, 8, 0, 0)]
    [InlineData("PSK_DHE AES_256_CCM_8", 0xC0AB, KeyExchangeAlgorithm.DhePsk, BulkCipherAlgorithm.Aes256Ccm8, CipherKind.Aead, MacAlgorithm.Aead, "SHA256", 32, 4, 8, 8, 0, 0)]
    [InlineData("ECDHE_RSA CHACHA20", 0xCCA8, KeyExchangeAlgorithm.EcdheRsa, BulkCipherAlgorithm.ChaCha20Poly1305, CipherKind.Aead, MacAlgorithm.Aead, "SHA256", 32, 12, 0, 16, 0, 0)]
    [InlineData("RSA 3DES", 0x000A, KeyExchangeAlgorithm.Rsa, BulkCipherAlgorithm.TripleDesEdeCbc, CipherKind.Block, MacAlgorithm.Sha1, "SHA256", 24, 8, 8, 0, 20, 8)]
    [InlineData("RSA RC4_128_MD5", 0x0004, KeyExchangeAlgorithm.Rsa, BulkCipherAlgorithm.Rc4_128, CipherKind.Stream, MacAlgorithm.Md5, "SHA256", 16, 0, 0, 0, 16, 0)]
    [InlineData("PSK NULL_SHA384", 0x00B1, KeyExchangeAlgorithm.Psk, BulkCipherAlgorithm.Null, CipherKind.Stream, MacAlgorithm.Sha384, "SHA384", 0, 0, 0, 0, 48, 0)]
    [InlineData("DH_anon ARIA_256_GCM", 0xC05B, KeyExchangeAlgorithm.DhAnon, BulkCipherAlgorithm.Aria256Gcm, CipherKind.Aead, MacAlgorithm.Aead, "SHA384", 32, 4, 8, 16, 0, 0)]
    [InlineData("SRP_SHA_RSA AES_128_CBC", 0xC01E, KeyExchangeAlgorithm.Srp, BulkCipherAlgorithm.Aes128Cbc, CipherKind.Block, MacAlgorithm.Sha1, "SHA256", 16, 16, 16, 0, 20, 16)]
    [InlineData("RSA SEED", 0x0096, KeyExchangeAlgorithm.Rsa, BulkCipherAlgorithm.SeedCbc, CipherKind.Block, MacAlgorithm.Sha1, "SHA256", 16, 16, 16, 0, 20, 16)]
    public void TryGet_Tls12Suite_ParsesParametersFromName(
        string label, int value, KeyExchangeAlgorithm kx, BulkCipherAlgorithm cipher, CipherKind kind, MacAlgorithm mac, string prf,
        int keyLength, int fixedIv, int recordIv, int tag, int macLength, int blockSize)
    {
        Assert.True(CipherSuiteRegistry.TryGet((ushort)value, out CipherSuiteInfo? suite), label);
        Assert.True(suite.IsSupported);
        Assert.False(suite.IsTls13);
        Assert.Equal(kx, suite.KeyExchange);
        Assert.Equal(cipher, suite.Cipher);
        Assert.Equal(kind, suite.Kind);
        Assert.Equal(mac, suite.Mac);
        Assert.Equal(prf, suite.PrfHash.Name);
        Assert.Equal(keyLength, suite.KeyLength);
        Assert.Equal(fixedIv, suite.FixedIvLength);
        Assert.Equal(recordIv, suite.RecordIvLength);
        Assert.Equal(tag, suite.TagLength);
        Assert.Equal(macLength, suite.MacLength);
        Assert.Equal(blockSize, suite.BlockSize);
    }

    [Theory]
    [InlineData("export RC4_40", 0x0003)]
    [InlineData("IDEA", 0x0007)]
    [InlineData("export DES40", 0x0008)]
    [InlineData("SCSV", 0x00FF)]
    [InlineData("GREASE", 0x2A2A)]
    [InlineData("GOST", 0xC100)]
    [InlineData("ECCPWD", 0xC0B0)]
    [InlineData("SM4 (TLS 1.3)", 0x00C6)]
    [InlineData("integrity only (TLS 1.3)", 0xC0B4)]
    public void TryGet_NameOnlySuite_IsNotSupported(string label, int value)
    {
        Assert.True(CipherSuiteRegistry.TryGet((ushort)value, out CipherSuiteInfo? suite), label);
        Assert.False(suite.IsSupported);
    }

    [Fact]
    public void All_SupportedEntries_HaveConsistentLengths()
    {
        int supported = 0;
        foreach (CipherSuiteInfo suite in CipherSuiteRegistry.All.Where(s => s.IsSupported))
        {
            supported++;
            string why = suite.Name;
            Assert.StartsWith("TLS_", suite.Name);
            Assert.True(suite.PrfHash == HashAlgorithmName.SHA256 || suite.PrfHash == HashAlgorithmName.SHA384, why);
            switch (suite.Kind)
            {
                case CipherKind.Aead:
                    Assert.Equal(MacAlgorithm.Aead, suite.Mac);
                    Assert.Equal(0, suite.MacLength);
                    Assert.Equal(0, suite.BlockSize);
                    Assert.Contains(suite.TagLength, new[] { 8, 16 });
                    Assert.Contains(suite.KeyLength, new[] { 16, 32 });
                    // RFC 5116 §3.2 / RFC 8446 §5.3: the per-record nonce is 12 bytes.
                    Assert.Equal(12, suite.FixedIvLength + suite.RecordIvLength);
                    Assert.Equal(suite.IsTls13 || suite.Cipher == BulkCipherAlgorithm.ChaCha20Poly1305 ? 0 : 8, suite.RecordIvLength);
                    break;
                case CipherKind.Block:
                    Assert.False(suite.IsTls13, why);
                    Assert.Contains(suite.BlockSize, new[] { 8, 16 });
                    Assert.Equal(suite.BlockSize, suite.FixedIvLength);
                    Assert.Equal(suite.BlockSize, suite.RecordIvLength);
                    Assert.Equal(0, suite.TagLength);
                    Assert.Contains(suite.MacLength, new[] { 16, 20, 32, 48 });
                    break;
                default:
                    Assert.False(suite.IsTls13, why);
                    Assert.Equal(0, suite.BlockSize);
                    Assert.Equal(0, suite.TagLength);
                    Assert.Equal(suite.Cipher == BulkCipherAlgorithm.Null ? 0 : 16, suite.KeyLength);
                    break;
            }

            Assert.Equal(suite.Mac == MacAlgorithm.Sha384, suite.MacLength == 48);
        }

        // Every decryptable family is present: 5 TLS 1.3 suites and well over 200 TLS ≤ 1.2 suites.
        Assert.Equal(5, CipherSuiteRegistry.All.Count(s => s.IsSupported && s.IsTls13));
        Assert.True(supported > 250, $"only {supported} supported suites");
    }

    [Fact]
    public void ToString_Suite_NamesValue()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x1301, out CipherSuiteInfo? suite));
        Assert.Equal("TLS_AES_128_GCM_SHA256 (0x1301)", suite.ToString());
    }
}
