using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Wire;
using Xunit;

namespace TlsExtcap.Core.Tests.Crypto;

public class StreamRecordDecryptorTests
{
    [Theory]
    [InlineData("RC4_128_SHA TLS 1.2", 0x0005, TlsVersion.Tls12)]
    [InlineData("RC4_128_MD5 TLS 1.0", 0x0004, TlsVersion.Tls10)]
    [InlineData("RC4_128_MD5 SSL 3.0", 0x0004, TlsVersion.Ssl30)]
    [InlineData("ECDHE_PSK RC4_128_SHA TLS 1.1", 0xC033, TlsVersion.Tls11)]
    public void Decrypt_Rc4TwoRecords_KeyStreamContinues(string label, int value, TlsVersion version)
    {
        Assert.True(CipherSuiteRegistry.TryGet((ushort)value, out CipherSuiteInfo? suite));
        byte[] key = Tls12KeyDerivationTests.Pattern(16, value);
        byte[] macKey = Tls12KeyDerivationTests.Pattern(suite.MacLength, value + 1);
        bool ssl3 = version == TlsVersion.Ssl30;
        ushort wire = (ushort)version;
        byte[] first = "first"u8.ToArray();
        byte[] second = "second record"u8.ToArray();
        byte[] mac1 = RecordSealer.Mac(suite, macKey, ssl3, 0, 23, wire, first);
        byte[] mac2 = RecordSealer.Mac(suite, macKey, ssl3, 1, 23, wire, second);
        byte[] stream = RecordSealer.Rc4(key, first, mac1, second, mac2);
        int split = first.Length + mac1.Length;
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, version, key, default, macKey, encryptThenMac: false);
        byte[] plaintext = new byte[64];

        Assert.True(decryptor.Decrypt(ContentType.ApplicationData, wire, 0, stream[..split], plaintext, out int length) == RecordDecryptStatus.Ok, label);
        Assert.Equal(first, plaintext[..length]);
        Assert.Equal(RecordDecryptStatus.Ok, decryptor.Decrypt(ContentType.ApplicationData, wire, 1, stream[split..], plaintext, out length));
        Assert.Equal(second, plaintext[..length]);
        Assert.True(decryptor.IsStateful);
    }

    [Fact]
    public void Decrypt_Rc4FlippedBit_ReturnsBadRecordMac()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x0005, out CipherSuiteInfo? suite));
        byte[] key = Tls12KeyDerivationTests.Pattern(16, 1);
        byte[] macKey = Tls12KeyDerivationTests.Pattern(20, 2);
        byte[] content = "content"u8.ToArray();
        byte[] fragment = RecordSealer.Rc4(key, content, RecordSealer.Mac(suite, macKey, false, 0, 23, 0x0303, content));
        fragment[2] ^= 0x10;
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Tls12, key, default, macKey, false);
        Assert.Equal(RecordDecryptStatus.BadRecordMac, decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, fragment, new byte[fragment.Length], out _));
    }

    [Theory]
    [InlineData("RSA NULL_SHA", 0x0002)]
    [InlineData("RSA NULL_SHA256", 0x003B)]
    [InlineData("PSK NULL_SHA384", 0x00B1)]
    [InlineData("RSA NULL_MD5", 0x0001)]
    public void Decrypt_NullCipher_ChecksMacAndIsStateless(string label, int value)
    {
        Assert.True(CipherSuiteRegistry.TryGet((ushort)value, out CipherSuiteInfo? suite));
        byte[] macKey = Tls12KeyDerivationTests.Pattern(suite.MacLength, value);
        byte[] content = "visible"u8.ToArray();
        byte[] fragment = [.. content, .. RecordSealer.Mac(suite, macKey, false, 4, 23, 0x0303, content)];
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Tls12, default, default, macKey, false);
        byte[] plaintext = new byte[fragment.Length];

        Assert.True(decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 4, fragment, plaintext, out int length) == RecordDecryptStatus.Ok, label);
        Assert.Equal(content, plaintext[..length]);
        Assert.False(decryptor.IsStateful);
        fragment[0] ^= 1;
        Assert.Equal(RecordDecryptStatus.BadRecordMac, decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 4, fragment, plaintext, out _));
    }

    [Fact]
    public void Decrypt_ShorterThanMac_ReturnsRecordTooShort()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x0002, out CipherSuiteInfo? suite));
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Tls12, default, default, new byte[20], false);
        Assert.Equal(RecordDecryptStatus.RecordTooShort, decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, new byte[19], new byte[19], out _));
    }

    [Fact]
    public void Decrypt_NullWithNullNull_PassesThrough()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x0000, out CipherSuiteInfo? suite));
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Tls12, default, default, default, false);
        byte[] plaintext = new byte[3];
        Assert.Equal(RecordDecryptStatus.Ok, decryptor.Decrypt(ContentType.Handshake, 0x0303, 0, [1, 2, 3], plaintext, out int length));
        Assert.Equal(new byte[] { 1, 2, 3 }, plaintext[..length]);
    }

    [Theory]
    [InlineData("export RC4_40", 0x0003)]
    [InlineData("IDEA", 0x0007)]
    public void Create_NameOnlySuite_ReturnsUnsupportedCipher(string label, int value)
    {
        Assert.True(CipherSuiteRegistry.TryGet((ushort)value, out CipherSuiteInfo? suite));
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Tls10, new byte[5], default, new byte[16], false);
        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, 0x0301, 0, new byte[32], new byte[32], out _);
        Assert.True(status == RecordDecryptStatus.UnsupportedCipher, label);
    }
}
