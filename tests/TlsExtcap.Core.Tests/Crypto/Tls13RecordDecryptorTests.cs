using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Wire;
using Xunit;

namespace TlsExtcap.Core.Tests.Crypto;

public class Tls13RecordDecryptorTests
{
    public static TheoryData<string, int> Suites => new()
    {
        { "AES-128-GCM", 0x1301 },
        { "AES-256-GCM", 0x1302 },
        { "CHACHA20-POLY1305", 0x1303 },
        { "AES-128-CCM", 0x1304 },
        { "AES-128-CCM-8", 0x1305 },
    };

    [Theory]
    [MemberData(nameof(Suites))]
    public void Decrypt_SealedRecord_ReturnsInnerPlaintext(string label, int value)
    {
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(value);
        byte[] inner = [.. "hello, tls 1.3"u8, (byte)ContentType.ApplicationData, 0, 0, 0];
        byte[] fragment = RecordSealer.Tls13(suite, key, iv, seq: 5, inner);
        using RecordDecryptor decryptor = RecordDecryptor.CreateTls13(suite, key, iv);
        byte[] plaintext = new byte[fragment.Length];

        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 5, fragment, plaintext, out int length);

        Assert.True(status == RecordDecryptStatus.Ok, label);
        Assert.False(decryptor.IsStateful);
        Assert.Equal(inner, plaintext[..length]);
        Assert.True(RecordDecryptor.TryParseTls13InnerPlaintext(plaintext.AsSpan(0, length), out ContentType type, out int contentLength));
        Assert.Equal(ContentType.ApplicationData, type);
        Assert.Equal("hello, tls 1.3"u8.ToArray(), plaintext[..contentLength]);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Decrypt_FlippedCiphertextBit_ReturnsBadRecordMac(string label, int value)
    {
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(value);
        byte[] fragment = RecordSealer.Tls13(suite, key, iv, seq: 0, [1, 2, 3, 22]);
        fragment[1] ^= 0x80;
        using RecordDecryptor decryptor = RecordDecryptor.CreateTls13(suite, key, iv);

        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, fragment, new byte[fragment.Length], out int length);

        Assert.True(status == RecordDecryptStatus.BadRecordMac, label);
        Assert.Equal(0, length);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Decrypt_WrongSequenceNumber_ReturnsBadRecordMacThenOkForTheRightOne(string label, int value)
    {
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(value);
        byte[] fragment = RecordSealer.Tls13(suite, key, iv, seq: 2, [9, 22]);
        using RecordDecryptor decryptor = RecordDecryptor.CreateTls13(suite, key, iv);
        byte[] plaintext = new byte[fragment.Length];

        // Stateless: trial decryption over candidate sequence numbers.
        Assert.Equal(RecordDecryptStatus.BadRecordMac, decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 1, fragment, plaintext, out _));
        Assert.True(decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 2, fragment, plaintext, out _) == RecordDecryptStatus.Ok, label);
    }

    [Fact]
    public void Decrypt_HeaderVersionDiffers_ReturnsBadRecordMac()
    {
        // RFC 8446 §5.2: the record header is the additional data.
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(0x1301);
        byte[] fragment = RecordSealer.Tls13(suite, key, iv, seq: 0, [9, 22], version: 0x0303);
        using RecordDecryptor decryptor = RecordDecryptor.CreateTls13(suite, key, iv);
        Assert.Equal(RecordDecryptStatus.BadRecordMac, decryptor.Decrypt(ContentType.ApplicationData, 0x0301, 0, fragment, new byte[fragment.Length], out _));
    }

    [Theory]
    [InlineData("empty", 0)]
    [InlineData("tag only", 16)]
    public void Decrypt_TooShort_ReturnsRecordTooShort(string label, int length)
    {
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(0x1301);
        using RecordDecryptor decryptor = RecordDecryptor.CreateTls13(suite, key, iv);
        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, new byte[length], new byte[length], out _);
        Assert.True(status == RecordDecryptStatus.RecordTooShort, label);
    }

    [Fact]
    public void Decrypt_CiphertextOverLimit_ReturnsRecordOverflow()
    {
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(0x1301);
        using RecordDecryptor decryptor = RecordDecryptor.CreateTls13(suite, key, iv);
        byte[] fragment = new byte[(1 << 14) + 257];
        Assert.Equal(RecordDecryptStatus.RecordOverflow, decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, fragment, new byte[fragment.Length], out _));
    }

    [Fact]
    public void Decrypt_InnerPlaintextOverLimit_ReturnsRecordOverflow()
    {
        // RFC 8446 §5.4: TLSInnerPlaintext ≤ 2^14 + 1.
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(0x1302);
        byte[] inner = new byte[(1 << 14) + 2];
        inner[0] = 23;
        byte[] fragment = RecordSealer.Tls13(suite, key, iv, seq: 0, inner);
        using RecordDecryptor decryptor = RecordDecryptor.CreateTls13(suite, key, iv);
        Assert.Equal(RecordDecryptStatus.RecordOverflow, decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, fragment, new byte[fragment.Length], out _));
    }

    [Fact]
    public void Decrypt_PlaintextBufferTooSmall_Throws()
    {
        (CipherSuiteInfo suite, byte[] key, byte[] iv) = Keys(0x1301);
        using RecordDecryptor decryptor = RecordDecryptor.CreateTls13(suite, key, iv);
        Assert.Throws<ArgumentException>(() => decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, new byte[40], new byte[39], out _));
    }

    [Theory]
    [InlineData("all zeros", "000000", false, ContentType.Invalid, 0)]
    [InlineData("empty", "", false, ContentType.Invalid, 0)]
    [InlineData("type only", "16", true, ContentType.Handshake, 0)]
    [InlineData("content, type, padding", "0102031700000000", true, ContentType.ApplicationData, 3)]
    [InlineData("zero content byte kept", "00150000", true, ContentType.Alert, 1)]
    public void TryParseTls13InnerPlaintext_Cases_FindsLastNonZeroByte(string label, string hex, bool ok, ContentType type, int contentLength)
    {
        bool parsed = RecordDecryptor.TryParseTls13InnerPlaintext(Hex.Parse(hex), out ContentType actualType, out int actualLength);
        Assert.True(ok == parsed, label);
        Assert.Equal(type, actualType);
        Assert.Equal(contentLength, actualLength);
    }

    [Fact]
    public void CreateTls13_Tls12Suite_Throws()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0xC02F, out CipherSuiteInfo? suite));
        Assert.Throws<ArgumentException>(() => RecordDecryptor.CreateTls13(suite, new byte[16], new byte[4]));
    }

    [Fact]
    public void CreateTls13_WrongKeyLength_Throws()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x1302, out CipherSuiteInfo? suite));
        Assert.Throws<ArgumentException>(() => RecordDecryptor.CreateTls13(suite, new byte[16], new byte[12]));
    }

    [Fact]
    public void CreateTls13_NameOnlySuite_ReturnsUnsupportedCipher()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x1307, out CipherSuiteInfo? suite)); // TLS_AEGIS_128L_SHA256
        using RecordDecryptor decryptor = RecordDecryptor.CreateTls13(suite, default, default);
        Assert.Equal(RecordDecryptStatus.UnsupportedCipher, decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, new byte[32], new byte[32], out _));
    }

    internal static (CipherSuiteInfo Suite, byte[] Key, byte[] Iv) Keys(int value)
    {
        Assert.True(CipherSuiteRegistry.TryGet((ushort)value, out CipherSuiteInfo? suite));
        return (suite, Tls12KeyDerivationTests.Pattern(suite.KeyLength, value), Tls12KeyDerivationTests.Pattern(suite.FixedIvLength, value + 1));
    }
}
