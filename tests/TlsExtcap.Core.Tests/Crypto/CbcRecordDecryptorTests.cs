using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Wire;
using Xunit;

namespace TlsExtcap.Core.Tests.Crypto;

public class CbcRecordDecryptorTests
{
    public static TheoryData<string, int, TlsVersion, bool> Suites => new()
    {
        { "AES_128_CBC_SHA TLS 1.2 MtE", 0x002F, TlsVersion.Tls12, false },
        { "AES_128_CBC_SHA TLS 1.2 EtM", 0x002F, TlsVersion.Tls12, true },
        { "AES_128_CBC_SHA256 TLS 1.2", 0x003C, TlsVersion.Tls12, false },
        { "AES_256_CBC_SHA384 TLS 1.2", 0xC028, TlsVersion.Tls12, false },
        { "AES_256_CBC_SHA384 TLS 1.2 EtM", 0xC028, TlsVersion.Tls12, true },
        { "3DES_EDE_CBC_SHA TLS 1.2", 0x000A, TlsVersion.Tls12, false },
        { "3DES_EDE_CBC_SHA TLS 1.1 EtM", 0x000A, TlsVersion.Tls11, true },
        { "DES_CBC_SHA TLS 1.1", 0x0009, TlsVersion.Tls11, false },
        { "CAMELLIA_128_CBC_SHA TLS 1.2", 0x0041, TlsVersion.Tls12, false },
        { "CAMELLIA_256_CBC_SHA384 TLS 1.2", 0xC077, TlsVersion.Tls12, false },
        { "ARIA_128_CBC_SHA256 TLS 1.2", 0xC03C, TlsVersion.Tls12, false },
        { "ARIA_256_CBC_SHA384 TLS 1.2 EtM", 0xC03D, TlsVersion.Tls12, true },
        { "SEED_CBC_SHA TLS 1.2", 0x0096, TlsVersion.Tls12, false },
        { "ECDHE_PSK AES_128_CBC_SHA256 TLS 1.2", 0xC037, TlsVersion.Tls12, false },
        { "AES_128_CBC_SHA DTLS 1.0", 0x002F, TlsVersion.Dtls10, false },
        { "AES_256_CBC_SHA TLS 1.0 (implicit IV)", 0x0035, TlsVersion.Tls10, false },
        { "AES_256_CBC_SHA TLS 1.0 EtM (implicit IV)", 0x0035, TlsVersion.Tls10, true },
        { "3DES_EDE_CBC_SHA SSL 3.0", 0x000A, TlsVersion.Ssl30, false },
        { "AES_128_CBC_SHA SSL 3.0", 0x002F, TlsVersion.Ssl30, false },
        { "RSA DES_CBC_SHA SSL 3.0", 0x0009, TlsVersion.Ssl30, false },
    };

    [Theory]
    [MemberData(nameof(Suites))]
    public void Decrypt_SealedRecord_ReturnsContent(string label, int value, TlsVersion version, bool etm)
    {
        Fixture f = new(value, version, etm);
        byte[] content = "a CBC record that spans several blocks"u8.ToArray();
        byte[] fragment = f.Seal(seq: 3, content, paddingLength: 5);
        using RecordDecryptor decryptor = f.Create();
        byte[] plaintext = new byte[fragment.Length];

        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, f.Wire, 3, fragment, plaintext, out int length);

        Assert.True(status == RecordDecryptStatus.Ok, label);
        Assert.Equal(content, plaintext[..length]);
        Assert.Equal(f.Implicit, decryptor.IsStateful);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Decrypt_FlippedBitInLastBlock_ReturnsBadMacOrPadding(string label, int value, TlsVersion version, bool etm)
    {
        Fixture f = new(value, version, etm);
        byte[] fragment = f.Seal(seq: 0, [1, 2, 3, 4, 5], paddingLength: 0);
        int index = etm ? fragment.Length - f.Suite.MacLength - 1 : fragment.Length - 1;
        fragment[index] ^= 0x04;
        using RecordDecryptor decryptor = f.Create();

        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, f.Wire, 0, fragment, new byte[fragment.Length], out int length);

        Assert.True(status is RecordDecryptStatus.BadRecordMac or RecordDecryptStatus.BadPadding, $"{label}: {status}");
        Assert.Equal(0, length);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Decrypt_FlippedMacBit_ReturnsBadRecordMac(string label, int value, TlsVersion version, bool etm)
    {
        Fixture f = new(value, version, etm);
        byte[] fragment = f.Seal(seq: 0, new byte[40], paddingLength: 2);
        using RecordDecryptor decryptor = f.Create();

        // Wrong sequence number: every byte decrypts, only the MAC disagrees.
        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, f.Wire, 1, fragment, new byte[fragment.Length], out _);

        Assert.True(status == RecordDecryptStatus.BadRecordMac, $"{label}: {status}");
    }

    [Theory]
    [InlineData("AES TLS 1.2", 0x002F, TlsVersion.Tls12, false)]
    [InlineData("3DES TLS 1.1", 0x000A, TlsVersion.Tls11, false)]
    [InlineData("AES TLS 1.0", 0x0035, TlsVersion.Tls10, false)]
    [InlineData("AES TLS 1.2 EtM", 0x002F, TlsVersion.Tls12, true)]
    public void Decrypt_PaddingByteDisagrees_ReturnsBadPadding(string label, int value, TlsVersion version, bool etm)
    {
        // RFC 5246 §6.2.3.2: every padding byte equals padding_length.
        Fixture f = new(value, version, etm);
        byte[] fragment = f.Seal(seq: 9, [7, 7, 7], paddingLength: 4, corruptPadding: true);
        using RecordDecryptor decryptor = f.Create();

        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, f.Wire, 9, fragment, new byte[fragment.Length], out _);

        Assert.True(status == RecordDecryptStatus.BadPadding, $"{label}: {status}");
    }

    [Fact]
    public void Decrypt_Ssl30ArbitraryPaddingBytes_Accepted()
    {
        // RFC 6101 §5.2.3.2: SSL 3.0 padding content is arbitrary; only its length is bounded.
        Fixture f = new(0x002F, TlsVersion.Ssl30, false);
        byte[] fragment = f.Seal(seq: 1, [1, 2, 3], paddingLength: 8, corruptPadding: true);
        using RecordDecryptor decryptor = f.Create();
        Assert.Equal(RecordDecryptStatus.Ok, decryptor.Decrypt(ContentType.ApplicationData, f.Wire, 1, fragment, new byte[fragment.Length], out int length));
        Assert.Equal(3, length);
    }

    [Fact]
    public void Decrypt_Ssl30PaddingLongerThanBlock_ReturnsBadPadding()
    {
        Fixture f = new(0x002F, TlsVersion.Ssl30, false);
        byte[] fragment = f.Seal(seq: 1, [1, 2, 3], paddingLength: 24);
        using RecordDecryptor decryptor = f.Create();
        Assert.Equal(RecordDecryptStatus.BadPadding, decryptor.Decrypt(ContentType.ApplicationData, f.Wire, 1, fragment, new byte[fragment.Length], out _));
    }

    [Theory]
    [InlineData("empty", 0x002F, TlsVersion.Tls12, false, 0)]
    [InlineData("IV only", 0x002F, TlsVersion.Tls12, false, 16)]
    [InlineData("IV and one block, MAC needs two", 0x002F, TlsVersion.Tls12, false, 32)]
    [InlineData("EtM: IV and MAC, no block", 0x002F, TlsVersion.Tls12, true, 36)]
    [InlineData("TLS 1.0: one block, MAC needs two", 0x0035, TlsVersion.Tls10, false, 16)]
    public void Decrypt_TooShort_ReturnsRecordTooShort(string label, int value, TlsVersion version, bool etm, int length)
    {
        Fixture f = new(value, version, etm);
        using RecordDecryptor decryptor = f.Create();
        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, f.Wire, 0, new byte[length], new byte[length], out _);
        Assert.True(status == RecordDecryptStatus.RecordTooShort, $"{label}: {status}");
    }

    [Fact]
    public void Decrypt_NotWholeBlocks_ReturnsBadRecordMac()
    {
        Fixture f = new(0x002F, TlsVersion.Tls12, false);
        using RecordDecryptor decryptor = f.Create();
        Assert.Equal(RecordDecryptStatus.BadRecordMac, decryptor.Decrypt(ContentType.ApplicationData, f.Wire, 0, new byte[16 + 33], new byte[49], out _));
    }

    [Fact]
    public void Decrypt_Tls10TwoRecords_ChainsIvFromLastCiphertextBlock()
    {
        // RFC 2246 §6.2.3.2: the IV of record n+1 is the last ciphertext block of record n.
        Fixture f = new(0x0035, TlsVersion.Tls10, false);
        byte[] first = f.Seal(seq: 0, "first record"u8.ToArray(), paddingLength: 3);
        byte[] second = RecordSealer.Cbc(f.Suite, f.Key, f.MacKey, first[^16..], null, false, false, 1, 23, f.Wire, "second record"u8.ToArray(), 0);
        using RecordDecryptor decryptor = f.Create();
        byte[] plaintext = new byte[64];

        Assert.Equal(RecordDecryptStatus.Ok, decryptor.Decrypt(ContentType.ApplicationData, f.Wire, 0, first, plaintext, out int length));
        Assert.Equal("first record"u8.ToArray(), plaintext[..length]);
        Assert.Equal(RecordDecryptStatus.Ok, decryptor.Decrypt(ContentType.ApplicationData, f.Wire, 1, second, plaintext, out length));
        Assert.Equal("second record"u8.ToArray(), plaintext[..length]);
        Assert.True(decryptor.IsStateful);
    }

    [Fact]
    public void Decrypt_DtlsEpochInSequence_IsInMac()
    {
        Fixture f = new(0x002F, TlsVersion.Dtls12, false);
        ulong seq = (2UL << 48) | 0x0000_0000_0102;
        byte[] fragment = f.Seal(seq, "dtls"u8.ToArray(), paddingLength: 1);
        using RecordDecryptor decryptor = f.Create();
        Assert.Equal(RecordDecryptStatus.Ok, decryptor.Decrypt(ContentType.ApplicationData, 0xFEFD, seq, fragment, new byte[fragment.Length], out _));
        Assert.Equal(RecordDecryptStatus.BadRecordMac, decryptor.Decrypt(ContentType.ApplicationData, 0xFEFD, 0x0102, fragment, new byte[fragment.Length], out _));
    }

    [Theory]
    // The Illustrated TLS 1.2 Connection (tls12.xargs.org; capture frames 9, 11, 13, 15), TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
    // keys from its key block (see Tls12KeyDerivationTests).
    [InlineData("client Finished", true, 0, ContentType.Handshake,
        "404142434445464748494a4b4c4d4e4f227bc9ba81ef30f2a8a78ff1df50844d5804b7eeb2e214c32b6892aca3db7b78077fdd90067c516bacb3ba90dedf720f",
        "1400000ccf919626f1360c536aaad73a")]
    [InlineData("client ping", true, 1, ContentType.ApplicationData,
        "000102030405060708090a0b0c0d0e0f6c421c71c42b183bfa06195d133d0a09d00fc7cb4e0f5d1cda59d147ec790c99", "70696e67")]
    [InlineData("server pong", false, 1, ContentType.ApplicationData,
        "6162636465666768696a6b6c6d6e6f709783488af5fa20bf7a2ef69debb534db9fb07a8c2721dee5409f77af0c3dde56", "706f6e67")]
    public void Decrypt_IllustratedTls12Record_ReturnsPublishedPlaintext(string label, bool client, ulong seq, ContentType type, string fragmentHex, string expected)
    {
        Assert.True(CipherSuiteRegistry.TryGet(0xC013, out CipherSuiteInfo? suite));
        byte[] key = Hex.Parse(client ? "f656d037b173ef3e11169f27231a84b6" : "752a18e7a9fcb7cbcdd8f98dd8f769eb");
        byte[] macKey = Hex.Parse(client ? "1b7d117c7d5f690bc263cae8ef60af0f1878acc2" : "2ad8bdd8c601a617126f63540eb20906f781fad2");
        using RecordDecryptor decryptor = RecordDecryptor.Create(suite, TlsVersion.Tls12, key, default, macKey, encryptThenMac: false);
        byte[] fragment = Hex.Parse(fragmentHex);
        byte[] plaintext = new byte[fragment.Length];

        RecordDecryptStatus status = decryptor.Decrypt(type, 0x0303, seq, fragment, plaintext, out int length);

        Assert.True(status == RecordDecryptStatus.Ok, label);
        Assert.Equal(expected, Hex.Format(plaintext.AsSpan(0, length)));
    }

    [Fact]
    public void Create_WrongMacKeyLength_Throws()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x002F, out CipherSuiteInfo? suite));
        Assert.Throws<ArgumentException>(() => RecordDecryptor.Create(suite, TlsVersion.Tls12, new byte[16], default, new byte[32], false));
    }

    [Fact]
    public void Create_Tls10WithoutImplicitIv_Throws()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x002F, out CipherSuiteInfo? suite));
        Assert.Throws<ArgumentException>(() => RecordDecryptor.Create(suite, TlsVersion.Tls10, new byte[16], default, new byte[20], false));
    }

    /// <summary>Keys and a sealer for one suite / version / MAC order.</summary>
    private sealed class Fixture
    {
        public Fixture(int value, TlsVersion version, bool etm)
        {
            Assert.True(CipherSuiteRegistry.TryGet((ushort)value, out CipherSuiteInfo? suite));
            Suite = suite;
            Version = version;
            Etm = etm;
            Key = Tls12KeyDerivationTests.Pattern(suite.KeyLength, value);
            MacKey = Tls12KeyDerivationTests.Pattern(suite.MacLength, value + 1);
            Iv = Tls12KeyDerivationTests.Pattern(suite.BlockSize, value + 2);
            Implicit = version is TlsVersion.Ssl30 or TlsVersion.Tls10;
        }

        public CipherSuiteInfo Suite { get; }

        public TlsVersion Version { get; }

        public bool Etm { get; }

        public byte[] Key { get; }

        public byte[] MacKey { get; }

        public byte[] Iv { get; }

        public bool Implicit { get; }

        public ushort Wire => (ushort)Version;

        public byte[] Seal(ulong seq, byte[] content, int paddingLength, bool corruptPadding = false) =>
            RecordSealer.Cbc(Suite, Key, MacKey, Iv, Implicit ? null : Iv, Etm, Version == TlsVersion.Ssl30, seq, 23, Wire, content, paddingLength, corruptPadding);

        public RecordDecryptor Create() => RecordDecryptor.Create(Suite, Version, Key, Implicit ? Iv : default, MacKey, Etm);
    }
}
