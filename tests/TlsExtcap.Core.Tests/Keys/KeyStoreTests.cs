using System.Security.Cryptography;
using System.Text;
using TlsExtcap.Core.Keys;
using Xunit;

namespace TlsExtcap.Core.Tests.Keys;

public class KeyStoreTests
{
    private static readonly byte[] SeedRandom = Convert.FromHexString(KeyLogParserTests.SeedClientRandom);

    private static KeyStore SeedStore()
    {
        var store = new KeyStore();
        store.AddRange(KeyLogParser.Parse(Encoding.ASCII.GetBytes(KeyLogParserTests.SeedKeyLog), "seed").Entries);
        return store;
    }

    private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    [Theory]
    [InlineData("server handshake", KeyLogLabel.ServerHandshakeTrafficSecret, 0, "475a0f3b5a86d4797e24545c2eb6388de9507e5e0bc367c74c3e78e0d8033f34b721a2e3a1d89ec5990287954402fc43")]
    [InlineData("client handshake", KeyLogLabel.ClientHandshakeTrafficSecret, 0, "bed3bd94fb526f9f2ed5228c43360315a81b8e7c301cca1ddb4bae0179443e82e7d4a3614285f2c33dbdc737e774615f")]
    [InlineData("exporter ignores generation", KeyLogLabel.ExporterSecret, 7, "17ba2887e8180ad7ce66a9acad9302b1bbda883a961895a0f28a8d311ab86de70d088cf3e00ed9476c77f6acb527b01f")]
    [InlineData("server traffic 0", KeyLogLabel.ServerTrafficSecret, 0, "d34e28e1c3e0213343aad2fe9052a62561822b65693ae28dcda969ec366829316c2b29a296dfeb94b3e03cfabeebb48e")]
    [InlineData("client traffic 0", KeyLogLabel.ClientTrafficSecret, 0, "2f3b4086e411fb1b06636c96321d1840f631d315c4aa85ef9d614c9ea46115a72d3c04cabc6fd22da8d89cddf23d2c43")]
    public void TryGetSecret_SeedEntries_ReturnsSecret(string caseName, KeyLogLabel label, int generation, string expectedHex)
    {
        KeyStore store = SeedStore();

        bool found = store.TryGetSecret(label, SeedRandom, generation, out byte[]? secret);

        Assert.True(found, caseName);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(secret!));
    }

    [Theory]
    [InlineData("client traffic generation 1", KeyLogLabel.ClientTrafficSecret, 1)]
    [InlineData("label not logged", KeyLogLabel.ClientEarlyTrafficSecret, 0)]
    [InlineData("tls 1.2 label", KeyLogLabel.ClientRandom, 0)]
    [InlineData("rsa is not keyed by random", KeyLogLabel.Rsa, 0)]
    public void TryGetSecret_NotInStore_ReturnsFalse(string caseName, KeyLogLabel label, int generation)
    {
        KeyStore store = SeedStore();

        Assert.False(store.TryGetSecret(label, SeedRandom, generation, out byte[]? secret), caseName);
        Assert.Null(secret);
    }

    [Theory]
    [InlineData("present", KeyLogLabel.ClientTrafficSecret, 0, true)]
    [InlineData("other generation", KeyLogLabel.ClientTrafficSecret, 1, false)]
    [InlineData("absent label", KeyLogLabel.ClientRandom, 0, false)]
    [InlineData("not keyed by client random", KeyLogLabel.Rsa, 0, false)]
    public void Contains_SeedStore_AgreesWithTryGetSecret(string caseName, KeyLogLabel label, int generation, bool expected)
    {
        Assert.NotNull(caseName);
        KeyStore store = SeedStore();

        Assert.Equal(expected, store.Contains(label, SeedRandom, generation));
        Assert.Equal(expected, store.TryGetSecret(label, SeedRandom, generation, out byte[]? copy));
        if (copy is not null)
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    [Fact]
    public void TryGetSecret_UnknownRandom_ReturnsFalse()
    {
        KeyStore store = SeedStore();

        Assert.False(store.TryGetSecret(KeyLogLabel.ClientTrafficSecret, new byte[32], 0, out _));
        Assert.False(store.TryGetSecret(KeyLogLabel.ClientTrafficSecret, SeedRandom.AsSpan(0, 31), 0, out _));
    }

    [Fact]
    public void TryGetSecret_Generations_AreSeparate()
    {
        var store = new KeyStore();
        store.Add(new KeyLogEntry(KeyLogLabel.ClientTrafficSecret, SeedRandom, Filled(32, 0), generation: 0));
        store.Add(new KeyLogEntry(KeyLogLabel.ClientTrafficSecret, SeedRandom, Filled(32, 3), generation: 3));

        Assert.True(store.TryGetSecret(KeyLogLabel.ClientTrafficSecret, SeedRandom, 3, out byte[]? third));
        Assert.Equal(Filled(32, 3), third);
        Assert.False(store.TryGetSecret(KeyLogLabel.ClientTrafficSecret, SeedRandom, 1, out _));
    }

    [Fact]
    public void TryGetSecret_ReturnedCopyZeroed_StoreKeepsSecret()
    {
        KeyStore store = SeedStore();
        store.TryGetSecret(KeyLogLabel.ClientTrafficSecret, SeedRandom, 0, out byte[]? first);

        CryptographicOperations.ZeroMemory(first);
        store.TryGetSecret(KeyLogLabel.ClientTrafficSecret, SeedRandom, 0, out byte[]? second);

        Assert.NotEqual(new byte[48], second);
    }

    [Fact]
    public void Add_Duplicate_DoesNotChangeCountOrVersion()
    {
        KeyStore store = SeedStore();
        long version = store.Version;

        store.AddRange(KeyLogParser.Parse(Encoding.ASCII.GetBytes(KeyLogParserTests.SeedKeyLog), "again").Entries);

        Assert.Equal(5, store.Count);
        Assert.Equal(version, store.Version);
    }

    [Fact]
    public void Add_ConflictingSecret_KeepsTheFirst()
    {
        var store = new KeyStore();
        store.Add(new KeyLogEntry(KeyLogLabel.ClientRandom, SeedRandom, Filled(48, 1)));
        long version = store.Version;

        store.Add(new KeyLogEntry(KeyLogLabel.ClientRandom, SeedRandom, Filled(48, 2)));

        Assert.True(store.TryGetSecret(KeyLogLabel.ClientRandom, SeedRandom, 0, out byte[]? secret));
        Assert.Equal(Filled(48, 1), secret);
        Assert.Equal(version, store.Version);
    }

    [Fact]
    public void Version_NewEntryKeyAndPsk_Increments()
    {
        var store = new KeyStore();
        using RSA rsa = RSA.Create(1024);

        store.Add(new KeyLogEntry(KeyLogLabel.ClientRandom, SeedRandom, Filled(48, 1)));
        store.AddRsaPrivateKey(rsa);
        store.AddPsk(Filled(32, 9));
        store.AddPsk(Filled(32, 9));

        Assert.Equal(3, store.Version);
        Assert.Equal(1, store.Count);
        Assert.Same(rsa, Assert.Single(store.RsaPrivateKeys));
        Assert.Equal(Filled(32, 9), Assert.Single(store.Psks).ToArray());
    }

    [Fact]
    public void EntriesFor_SeedRandom_ReturnsAllFiveInOrder()
    {
        KeyStore store = SeedStore();
        store.Add(new KeyLogEntry(KeyLogLabel.ClientRandom, new byte[32], Filled(48, 1)));

        string[] lines = store.EntriesFor(SeedRandom).Select(e => e.Format()).ToArray();

        Assert.Equal(KeyLogParserTests.SeedKeyLog.Split('\n', StringSplitOptions.RemoveEmptyEntries), lines);
        Assert.Empty(store.EntriesFor(Filled(32, 0xEE)));
    }

    [Fact]
    public void TryGetRsaPreMasterSecret_NssRsaLine_ReturnsSecret()
    {
        byte[] encrypted = Enumerable.Range(1, 128).Select(i => (byte)i).ToArray();
        byte[] pms = Filled(48, 0x33);
        var store = new KeyStore();
        store.Add(new KeyLogEntry(KeyLogLabel.Rsa, encrypted.AsSpan(0, 8), pms));

        Assert.True(store.TryGetRsaPreMasterSecret(encrypted, out byte[]? found));
        Assert.Equal(pms, found);
        Assert.False(store.TryGetRsaPreMasterSecret(encrypted.AsSpan(1), out _));
        Assert.False(store.TryGetRsaPreMasterSecret(encrypted.AsSpan(0, 7), out _));
    }

    [Fact]
    public void TryGetRsaPreMasterSecret_PrivateKey_DecryptsPms()
    {
        using RSA other = RSA.Create(2048);
        using RSA server = RSA.Create(2048);
        byte[] pms = new byte[48];
        RandomNumberGenerator.Fill(pms);

        // RFC 5246 §7.4.7.1: client_version first.
        pms[0] = 3;
        pms[1] = 3;
        byte[] encrypted = server.Encrypt(pms, RSAEncryptionPadding.Pkcs1);
        var store = new KeyStore();
        store.AddRsaPrivateKey(other);
        store.AddRsaPrivateKey(server);

        Assert.True(store.TryGetRsaPreMasterSecret(encrypted, out byte[]? found));
        Assert.Equal(pms, found);
    }

    [Fact]
    public void TryGetRsaPreMasterSecret_PlaintextNot48Bytes_ReturnsFalse()
    {
        using RSA server = RSA.Create(2048);
        byte[] encrypted = server.Encrypt(new byte[32], RSAEncryptionPadding.Pkcs1);
        var store = new KeyStore();
        store.AddRsaPrivateKey(server);

        Assert.False(store.TryGetRsaPreMasterSecret(encrypted, out byte[]? found));
        Assert.Null(found);
    }

    [Fact]
    public void TryGetRsaPreMasterSecret_WrongKeyOnly_ReturnsFalse()
    {
        using RSA server = RSA.Create(2048);
        using RSA other = RSA.Create(2048);
        byte[] encrypted = server.Encrypt(new byte[48], RSAEncryptionPadding.Pkcs1);
        var store = new KeyStore();
        store.AddRsaPrivateKey(other);

        Assert.False(store.TryGetRsaPreMasterSecret(encrypted, out _));
    }

    [Fact]
    public void Add_FromManyThreads_KeepsEveryEntry()
    {
        var store = new KeyStore();

        Parallel.For(0, 200, i =>
        {
            byte[] random = new byte[32];
            BitConverter.TryWriteBytes(random, i);
            store.Add(new KeyLogEntry(KeyLogLabel.ClientRandom, random, Filled(48, (byte)i)));
            store.TryGetSecret(KeyLogLabel.ClientRandom, random, 0, out _);
        });

        Assert.Equal(200, store.Count);
        Assert.Equal(200, store.Version);
    }
}
