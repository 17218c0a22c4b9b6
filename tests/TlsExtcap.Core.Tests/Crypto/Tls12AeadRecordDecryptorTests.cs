using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Wire;
using Xunit;

namespace TlsExtcap.Core.Tests.Crypto;

public class Tls12AeadRecordDecryptorTests
{
    private static readonly byte[] ExplicitNonce = Hex.Parse("0001020304050607");

    public static TheoryData<string, int> Suites => new()
    {
        { "ECDHE_RSA AES_128_GCM_SHA256", 0xC02F },
        { "ECDHE_RSA AES_256_GCM_SHA384", 0xC030 },
        { "RSA AES_128_CCM", 0xC09C },
        { "ECDHE_ECDSA AES_256_CCM", 0xC0AD },
        { "RSA AES_128_CCM_8", 0xC0A0 },
        { "PSK AES_256_CCM_8", 0xC0A9 },
        { "ECDHE_RSA CHACHA20_POLY1305", 0xCCA8 },
        { "ECDHE_PSK CHACHA20_POLY1305", 0xCCAC },
        { "RSA ARIA_128_GCM", 0xC050 },
        { "ECDHE_ECDSA ARIA_256_GCM", 0xC05D },
        { "RSA CAMELLIA_128_GCM", 0xC07A },
        { "ECDHE_RSA CAMELLIA_256_GCM", 0xC08B },
        { "DHE_PSK AES_128_GCM", 0x00AA },
        { "ECDHE_PSK AES_128_GCM", 0xD001 },
    };

    [Theory]
    [MemberData(nameof(Suites))]
    public void Decrypt_SealedRecord_ReturnsPlaintext(string label, int value)
    {
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(value);
        byte[] content = "GET / HTTP/1.1\r\n\r\n"u8.ToArray();
        byte[] fragment = RecordSealer.Tls12Aead(suite, key, iv, seq: 7, 23, 0x0303, content, ExplicitNonce);
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Tls12, key, iv, default, encryptThenMac: false);
        byte[] plaintext = new byte[fragment.Length];

        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 7, fragment, plaintext, out int length);

        Assert.True(status == RecordDecryptStatus.Ok, label);
        Assert.False(decryptor.IsStateful);
        Assert.Equal(content, plaintext[..length]);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Decrypt_FlippedCiphertextBit_ReturnsBadRecordMac(string label, int value)
    {
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(value);
        byte[] fragment = RecordSealer.Tls12Aead(suite, key, iv, seq: 1, 22, 0x0303, [20, 0, 0, 12, 1, 2, 3], ExplicitNonce);
        fragment[suite.RecordIvLength] ^= 0x01;
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Tls12, key, iv, default, encryptThenMac: false);

        RecordDecryptStatus status = decryptor.Decrypt(ContentType.Handshake, 0x0303, 1, fragment, new byte[fragment.Length], out int length);

        Assert.True(status == RecordDecryptStatus.BadRecordMac, label);
        Assert.Equal(0, length);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Decrypt_TooShort_ReturnsRecordTooShort(string label, int value)
    {
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(value);
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Tls12, key, iv, default, encryptThenMac: false);
        int length = suite.RecordIvLength + suite.TagLength - 1;
        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, new byte[length], new byte[length], out _);
        Assert.True(status == RecordDecryptStatus.RecordTooShort, label);
    }

    [Theory]
    [InlineData("GCM", 0xC02F)]
    [InlineData("CCM_8", 0xC0A0)]
    [InlineData("CHACHA20", 0xCCA9)]
    public void Decrypt_DtlsEpochInSequence_AuthenticatesEpoch(string label, int value)
    {
        // RFC 6347 §4.1.2.1: the MAC/AAD sequence number is epoch(16) || sequence_number(48); the version is the DTLS one.
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(value);
        ulong seq = (1UL << 48) | 5;
        byte[] fragment = RecordSealer.Tls12Aead(suite, key, iv, seq, 23, 0xFEFD, "dtls"u8.ToArray(), ExplicitNonce);
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Dtls12, key, iv, default, encryptThenMac: false);
        byte[] plaintext = new byte[fragment.Length];

        Assert.True(decryptor.Decrypt(ContentType.ApplicationData, 0xFEFD, seq, fragment, plaintext, out int length) == RecordDecryptStatus.Ok, label);
        Assert.Equal("dtls"u8.ToArray(), plaintext[..length]);
        Assert.Equal(RecordDecryptStatus.BadRecordMac, decryptor.Decrypt(ContentType.ApplicationData, 0xFEFD, 5, fragment, plaintext, out _));
        Assert.Equal(RecordDecryptStatus.BadRecordMac, decryptor.Decrypt(ContentType.ApplicationData, 0x0303, seq, fragment, plaintext, out _));
    }

    [Fact]
    public void Decrypt_WrongContentType_ReturnsBadRecordMac()
    {
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(0xC02F);
        byte[] fragment = RecordSealer.Tls12Aead(suite, key, iv, seq: 0, 23, 0x0303, [1], ExplicitNonce);
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Tls12, key, iv, default, encryptThenMac: false);
        Assert.Equal(RecordDecryptStatus.BadRecordMac, decryptor.Decrypt(ContentType.Alert, 0x0303, 0, fragment, new byte[fragment.Length], out _));
    }

    [Fact]
    public void Decrypt_CiphertextOverLimit_ReturnsRecordOverflow()
    {
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(0xC02F);
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Tls12, key, iv, default, encryptThenMac: false);
        byte[] fragment = new byte[(1 << 14) + 2049];
        Assert.Equal(RecordDecryptStatus.RecordOverflow, decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, fragment, new byte[fragment.Length], out _));
    }

    [Fact]
    public void Create_Tls13Suite_Throws()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x1301, out CipherSuiteInfo? suite));
        Assert.Throws<ArgumentException>(() => RecordDecryptor.Create(suite, TlsVersion.Tls12, new byte[16], new byte[12], default, false));
    }

    [Fact]
    public void Create_WrongSaltLength_Throws()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0xC02F, out CipherSuiteInfo? suite));
        Assert.Throws<ArgumentException>(() => RecordDecryptor.Create(suite, TlsVersion.Tls12, new byte[16], new byte[12], default, false));
    }

    private static (CipherSuiteInfo Suite, byte[] Key, byte[] Iv) Keys(int value) => Tls13RecordDecryptorTests.Keys(value);
}
