using System.Security.Cryptography;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Wire;
using Xunit;

namespace TlsExtcap.Core.Tests.Crypto;

public class Tls13KeyScheduleTests
{
    // The project's seed session (adrian154/blog, tls-explained; TLS_AES_256_GCM_SHA384, X25519): the ClientHello
    // (capture frame 8) and ServerHello (frame 10) handshake messages, the shared secret and the key log's secrets.
    private const string SeedClientHello =
        "010001540303035735d60c9512c61134349e99999105922738a7ee2110b0692817ec961a21dd20cce0a325341c9485b11e794e263fe3c3399204aaec8dc73eb996cd79f973d1b20076130213031301c02fc02bc030c02c009ec0270067c028006b00a3009fcca9cca8ccaac0afc0adc0a3c09fc05dc061c057c05300a2c0aec0acc0a2c09ec05cc060c056c052c024006ac0230040c00ac01400390038c009c01300330032009dc0a1c09dc051009cc0a0c09cc050003d003c0035002f00ff01000095000b000403000102000a00160014001d0017001e0019001801000101010201030104002300000016000000170000000d002a0028040305030603080708080809080a080b080408050806040105010601030303010302040205020602002b00050403040303002d00020101003300260024001d00204b65e1788c1999350d0a44f50646a75c392584735d96d6d0b35b61c2f9375931";

    private const string SeedServerHello =
        "020000760303b21fc7065806a4d46abbc3efea46c59d664440debce77c19305ec080430ae7b820cce0a325341c9485b11e794e263fe3c3399204aaec8dc73eb996cd79f973d1b2130200002e002b0002030400330024001d0020011b5df090006e814ab8db60f6a2765cb90fe7fce73559e914796dafe6719c40";

    private const string SeedSharedSecret = "4c75e186e47a2627bb4501955a051d516653d9570f34c660e623d26e2175b956";
    private const string SeedClientHandshakeTrafficSecret = "bed3bd94fb526f9f2ed5228c43360315a81b8e7c301cca1ddb4bae0179443e82e7d4a3614285f2c33dbdc737e774615f";
    private const string SeedServerHandshakeTrafficSecret = "475a0f3b5a86d4797e24545c2eb6388de9507e5e0bc367c74c3e78e0d8033f34b721a2e3a1d89ec5990287954402fc43";

    // RFC 8448 §3 (Simple 1-RTT Handshake, TLS_AES_128_GCM_SHA256).
    private const string RfcSharedSecret = "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d";
    private const string RfcHelloHash = "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8";
    private const string RfcServerFinishedHash = "9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13";
    private const string RfcEarlySecret = "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a";
    private const string RfcDerivedSecret = "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba";
    private const string RfcHandshakeSecret = "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac";
    private const string RfcClientHandshakeTrafficSecret = "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21";
    private const string RfcServerHandshakeTrafficSecret = "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38";
    private const string RfcMasterSecret = "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919";
    private const string RfcClientApplicationTrafficSecret = "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5";
    private const string RfcServerApplicationTrafficSecret = "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643";

    // The Illustrated TLS 1.3 Connection (https://tls13.xargs.org, syncsynchalt/illustrated-tls13; TLS_AES_256_GCM_SHA384).
    private const string IllustratedSharedSecret = "df4a291baa1eb7cfa6934b29b474baad2697e29f1f920dcc77c8a0a088447624";
    private const string IllustratedHelloHash = "e05f64fcd082bdb0dce473adf669c2769f257a1c75a51b7887468b5e0e7a7de4f4d34555112077f16e079019d5a845bd";
    private const string IllustratedHandshakeSecret = "bdbbe8757494bef20de932598294ea65b5e6bf6dc5c02a960a2de2eaa9b07c929078d2caa0936231c38d1725f179d299";
    private const string IllustratedServerHandshakeTrafficSecret = "23323da031634b241dd37d61032b62a4f450584d1f7f47983ba2f7cc0cdcc39a68f481f2b019f9403a3051908a5d1622";
    private const string IllustratedClientHandshakeTrafficSecret = "db89d2d6df0e84fed74a2288f8fd4d0959f790ff23946cdf4c26d85e51bebd42ae184501972f8d30c4a3e4a3693d0ef0";

    [Fact]
    public void ComputeHandshakeSecrets_SeedSession_MatchesKeyLog()
    {
        byte[] helloHash = SHA384.HashData([.. Hex.Parse(SeedClientHello), .. Hex.Parse(SeedServerHello)]);
        using Tls13Secrets secrets = Tls13KeySchedule.ComputeHandshakeSecrets(HashAlgorithmName.SHA384, default, Hex.Parse(SeedSharedSecret), helloHash);

        Assert.Equal(SeedClientHandshakeTrafficSecret, Hex.Format(secrets.ClientHandshakeTrafficSecret));
        Assert.Equal(SeedServerHandshakeTrafficSecret, Hex.Format(secrets.ServerHandshakeTrafficSecret));
        Assert.Null(secrets.MasterSecret);
    }

    [Fact]
    public void CreateTls13_SeedSessionClientApplicationData_DecryptsToDeadbeef()
    {
        // Seed capture frame 16: the client's first application-data record (sequence 0) under CLIENT_TRAFFIC_SECRET_0.
        Assert.True(CipherSuiteRegistry.TryGet(0x1302, out CipherSuiteInfo? suite));
        byte[] secret = Hex.Parse("2f3b4086e411fb1b06636c96321d1840f631d315c4aa85ef9d614c9ea46115a72d3c04cabc6fd22da8d89cddf23d2c43");
        (byte[] key, byte[] iv) = Tls13KeySchedule.DeriveTrafficKeys(suite, secret);
        using RecordDecryptor decryptor = RecordDecryptor.CreateTls13(suite, key, iv);
        byte[] fragment = Hex.Parse("09666bb5a36067e79f614aac921bf3c5d86ba781ea");
        byte[] plaintext = new byte[fragment.Length];

        Assert.Equal(RecordDecryptStatus.Ok, decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, fragment, plaintext, out int length));
        Assert.True(RecordDecryptor.TryParseTls13InnerPlaintext(plaintext.AsSpan(0, length), out ContentType type, out int contentLength));
        Assert.Equal(ContentType.ApplicationData, type);
        Assert.Equal("deadbeef", Hex.Format(plaintext.AsSpan(0, contentLength)));
    }

    [Fact]
    public void ComputeHandshakeSecrets_Rfc8448Simple1Rtt_MatchesTrace()
    {
        using Tls13Secrets secrets = Tls13KeySchedule.ComputeHandshakeSecrets(HashAlgorithmName.SHA256, default, Hex.Parse(RfcSharedSecret), Hex.Parse(RfcHelloHash));

        Assert.Equal(RfcEarlySecret, Hex.Format(secrets.EarlySecret));
        Assert.Equal(RfcHandshakeSecret, Hex.Format(secrets.HandshakeSecret));
        Assert.Equal(RfcClientHandshakeTrafficSecret, Hex.Format(secrets.ClientHandshakeTrafficSecret));
        Assert.Equal(RfcServerHandshakeTrafficSecret, Hex.Format(secrets.ServerHandshakeTrafficSecret));
    }

    [Fact]
    public void DeriveSecret_Rfc8448EarlySecretDerived_MatchesTrace()
    {
        byte[] derived = Tls13KeySchedule.DeriveSecret(HashAlgorithmName.SHA256, Hex.Parse(RfcEarlySecret), "derived", SHA256.HashData([]));
        Assert.Equal(RfcDerivedSecret, Hex.Format(derived));
    }

    [Fact]
    public void ComputeApplicationSecrets_Rfc8448Simple1Rtt_MatchesTrace()
    {
        using Tls13Secrets secrets = Tls13KeySchedule.ComputeApplicationSecrets(HashAlgorithmName.SHA256, Hex.Parse(RfcHandshakeSecret), Hex.Parse(RfcServerFinishedHash));

        Assert.Equal(RfcMasterSecret, Hex.Format(secrets.MasterSecret));
        Assert.Equal(RfcClientApplicationTrafficSecret, Hex.Format(secrets.ClientApplicationTrafficSecret0));
        Assert.Equal(RfcServerApplicationTrafficSecret, Hex.Format(secrets.ServerApplicationTrafficSecret0));
        Assert.NotNull(secrets.ExporterMasterSecret);
        Assert.DoesNotContain("18df", secrets.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("server handshake", RfcServerHandshakeTrafficSecret, "3fce516009c21727d0f2e4e86ee403bc", "5d313eb2671276ee13000b30")]
    [InlineData("client handshake", RfcClientHandshakeTrafficSecret, "dbfaa693d1762c5b666af5d950258d01", "5bd3c71b836e0b76bb73265f")]
    public void DeriveTrafficKeys_Rfc8448Aes128Gcm_MatchesTrace(string label, string secret, string key, string iv)
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x1301, out CipherSuiteInfo? suite));
        (byte[] actualKey, byte[] actualIv) = Tls13KeySchedule.DeriveTrafficKeys(suite, Hex.Parse(secret));
        Assert.True(key == Hex.Format(actualKey), label);
        Assert.Equal(iv, Hex.Format(actualIv));
    }

    [Fact]
    public void ComputeHandshakeSecrets_IllustratedTls13_MatchesSite()
    {
        using Tls13Secrets secrets = Tls13KeySchedule.ComputeHandshakeSecrets(HashAlgorithmName.SHA384, default, Hex.Parse(IllustratedSharedSecret), Hex.Parse(IllustratedHelloHash));

        Assert.Equal(IllustratedHandshakeSecret, Hex.Format(secrets.HandshakeSecret));
        Assert.Equal(IllustratedServerHandshakeTrafficSecret, Hex.Format(secrets.ServerHandshakeTrafficSecret));
        Assert.Equal(IllustratedClientHandshakeTrafficSecret, Hex.Format(secrets.ClientHandshakeTrafficSecret));
    }

    [Theory]
    [InlineData("server", IllustratedServerHandshakeTrafficSecret, "9f13575ce3f8cfc1df64a77ceaffe89700b492ad31b4fab01c4792be1b266b7f", "9563bc8b590f671f488d2da3")]
    [InlineData("client", IllustratedClientHandshakeTrafficSecret, "1135b4826a9a70257e5a391ad93093dfd7c4214812f493b3e3daae1eb2b1ac69", "4256d2e0e88babdd05eb2f27")]
    public void DeriveTrafficKeys_IllustratedTls13Aes256Gcm_MatchesSite(string label, string secret, string key, string iv)
    {
        Assert.True(CipherSuiteRegistry.TryGet(0x1302, out CipherSuiteInfo? suite));
        (byte[] actualKey, byte[] actualIv) = Tls13KeySchedule.DeriveTrafficKeys(suite, Hex.Parse(secret));
        Assert.True(key == Hex.Format(actualKey), label);
        Assert.Equal(iv, Hex.Format(actualIv));
    }

    [Fact]
    public void CreateTls13_IllustratedEncryptedExtensions_DecryptsToEmptyExtensions()
    {
        // tls13.xargs.org "Server Encrypted Extensions": record 17 03 03 00 17 ..., sequence 0 under the server handshake keys.
        Assert.True(CipherSuiteRegistry.TryGet(0x1302, out CipherSuiteInfo? suite));
        (byte[] key, byte[] iv) = Tls13KeySchedule.DeriveTrafficKeys(suite, Hex.Parse(IllustratedServerHandshakeTrafficSecret));
        using RecordDecryptor decryptor = RecordDecryptor.CreateTls13(suite, key, iv);
        byte[] fragment = Hex.Parse("6be02f9da7c2dc9ddef56f2468b90adfa25101ab0344ae");
        byte[] plaintext = new byte[fragment.Length];

        RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, fragment, plaintext, out int length);

        Assert.Equal(RecordDecryptStatus.Ok, status);
        Assert.True(RecordDecryptor.TryParseTls13InnerPlaintext(plaintext.AsSpan(0, length), out ContentType type, out int contentLength));
        Assert.Equal(ContentType.Handshake, type);
        Assert.Equal("080000020000", Hex.Format(plaintext.AsSpan(0, contentLength)));
    }

    [Fact]
    public void HkdfExpandLabel_Rfc8448ServerKey_MatchesTrace()
    {
        byte[] key = Tls13KeySchedule.HkdfExpandLabel(HashAlgorithmName.SHA256, Hex.Parse(RfcServerHandshakeTrafficSecret), "key", default, 16);
        Assert.Equal("3fce516009c21727d0f2e4e86ee403bc", Hex.Format(key));
    }

    [Fact]
    public void HkdfExpandLabel_EncodesHkdfLabelStruct()
    {
        // RFC 8446 §7.1: info = uint16 length || uint8 len || "tls13 " + label || uint8 len || context.
        byte[] secret = Tls12KeyDerivationTests.Pattern(32, 1);
        byte[] context = [1, 2, 3];
        byte[] info = [0x00, 0x2a, 0x0b, .. "tls13 hello"u8, 0x03, 1, 2, 3];
        byte[] expected = HKDF.Expand(HashAlgorithmName.SHA256, secret, 42, info);
        Assert.Equal(expected, Tls13KeySchedule.HkdfExpandLabel(HashAlgorithmName.SHA256, secret, "hello", context, 42));
    }

    [Fact]
    public void NextTrafficSecret_IsExpandLabelTrafficUpd()
    {
        byte[] secret = Hex.Parse(RfcClientApplicationTrafficSecret);
        byte[] expected = Tls13KeySchedule.HkdfExpandLabel(HashAlgorithmName.SHA256, secret, "traffic upd", default, 32);
        Assert.Equal(expected, Tls13KeySchedule.NextTrafficSecret(HashAlgorithmName.SHA256, secret));
        Assert.NotEqual(secret, expected);
    }

    [Fact]
    public void ComputeFinishedVerifyData_IsHmacWithFinishedKey()
    {
        // RFC 8446 §4.4.4, computed by hand with .NET's HMAC.
        byte[] baseKey = Hex.Parse(RfcServerHandshakeTrafficSecret);
        byte[] transcript = SHA256.HashData("transcript"u8);
        byte[] finishedKey = Tls13KeySchedule.HkdfExpandLabel(HashAlgorithmName.SHA256, baseKey, "finished", default, 32);
        Assert.Equal(HMACSHA256.HashData(finishedKey, transcript), Tls13KeySchedule.ComputeFinishedVerifyData(HashAlgorithmName.SHA256, baseKey, transcript));
    }

    [Fact]
    public void HkdfExtract_EmptySalt_EqualsZeroSalt()
    {
        byte[] ikm = Tls12KeyDerivationTests.Pattern(32, 5);
        Assert.Equal(Tls13KeySchedule.HkdfExtract(HashAlgorithmName.SHA384, new byte[48], ikm), Tls13KeySchedule.HkdfExtract(HashAlgorithmName.SHA384, default, ikm));
    }

    [Fact]
    public void DeriveTrafficKeys_Tls12Suite_Throws()
    {
        Assert.True(CipherSuiteRegistry.TryGet(0xC02F, out CipherSuiteInfo? suite));
        Assert.Throws<NotSupportedException>(() => Tls13KeySchedule.DeriveTrafficKeys(suite, new byte[32]));
    }
}
