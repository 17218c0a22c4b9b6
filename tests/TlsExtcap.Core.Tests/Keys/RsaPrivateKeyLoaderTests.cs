using System.Security.Cryptography;
using System.Text;
using TlsExtcap.Core.Keys;
using Xunit;

namespace TlsExtcap.Core.Tests.Keys;

public sealed class RsaPrivateKeyLoaderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"rsa-loader-{Guid.NewGuid():N}");

    public RsaPrivateKeyLoaderTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "keys", name);

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private string Write(string name, string content) => Write(name, Encoding.ASCII.GetBytes(content));

    /// <summary>The key must be usable, not just parsed: a PKCS#1 v1.5 round trip through the public half.</summary>
    private static void AssertDecrypts(RSA rsa)
    {
        byte[] pms = new byte[48];
        RandomNumberGenerator.Fill(pms);
        using RSA publicOnly = RSA.Create();
        publicOnly.ImportParameters(rsa.ExportParameters(includePrivateParameters: false));

        byte[] encrypted = publicOnly.Encrypt(pms, RSAEncryptionPadding.Pkcs1);

        Assert.Equal(pms, rsa.Decrypt(encrypted, RSAEncryptionPadding.Pkcs1));
    }

    [Theory]
    [InlineData("pkcs1 pem", "rsasnakeoil2.key", null, 1024)]
    [InlineData("pkcs1 pem with p < q", "rsa-p-lt-q.key", null, 1024)]
    [InlineData("pkcs8 pem", "udt-dtls.key", null, 2048)]
    [InlineData("pkcs12 with password", "key.p12", "WebAS", 2048)]
    public void Load_WiresharkFixture_ReturnsWorkingKey(string caseName, string file, string? password, int keySize)
    {
        using RSA rsa = RsaPrivateKeyLoader.Load(Fixture(file), password);

        Assert.Equal(keySize, rsa.KeySize);

        AssertDecrypts(rsa);
        Assert.NotNull(caseName);
    }

    [Fact]
    public void Load_PLessThanQ_KeepsBothPrimes()
    {
        using RSA rsa = RsaPrivateKeyLoader.Load(Fixture("rsa-p-lt-q.key"));
        RSAParameters p = rsa.ExportParameters(includePrivateParameters: true);

        var modulus = new System.Numerics.BigInteger(p.Modulus, isUnsigned: true, isBigEndian: true);
        var product = new System.Numerics.BigInteger(p.P, isUnsigned: true, isBigEndian: true)
            * new System.Numerics.BigInteger(p.Q, isUnsigned: true, isBigEndian: true);
        Assert.Equal(modulus, product);
    }

    [Theory]
    [InlineData("wrong password", "wrong")]
    [InlineData("no password", null)]
    public void Load_Pkcs12BadPassword_ThrowsBadPassword(string caseName, string? password)
    {
        KeyFileException e = Assert.Throws<KeyFileException>(() => RsaPrivateKeyLoader.Load(Fixture("key.p12"), password));

        Assert.Equal(KeyFileError.BadPassword, e.Reason);
        Assert.NotNull(caseName);
    }

    [Fact]
    public void Load_EncryptedPkcs8Pem_ReturnsKey()
    {
        using RSA original = RSA.Create(2048);
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000);
        string path = Write("enc.pem", original.ExportEncryptedPkcs8PrivateKeyPem("s3cret", pbe));

        using RSA rsa = RsaPrivateKeyLoader.Load(path, "s3cret");

        Assert.Equal(original.ExportRSAPublicKey(), rsa.ExportRSAPublicKey());
        AssertDecrypts(rsa);
    }

    [Theory]
    [InlineData("wrong password", "nope")]
    [InlineData("no password", null)]
    public void Load_EncryptedPkcs8WrongPassword_ThrowsBadPassword(string caseName, string? password)
    {
        using RSA original = RSA.Create(2048);
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000);
        string path = Write("enc.der", original.ExportEncryptedPkcs8PrivateKey("s3cret", pbe));

        KeyFileException e = Assert.Throws<KeyFileException>(() => RsaPrivateKeyLoader.Load(path, password));

        Assert.Equal(KeyFileError.BadPassword, e.Reason);
        Assert.NotNull(caseName);
    }

    [Theory]
    [InlineData("pkcs1 der", "pkcs1")]
    [InlineData("pkcs8 der", "pkcs8")]
    [InlineData("encrypted pkcs8 der", "encrypted")]
    [InlineData("pkcs1 pem after a certificate-like block", "pem-after-other")]
    [InlineData("legacy openssl encrypted pem", "legacy")]
    public void Load_GeneratedFormats_ReturnsTheSameKey(string caseName, string format)
    {
        using RSA original = RSA.Create(1024);
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes192Cbc, HashAlgorithmName.SHA256, 1000);
        byte[] content = format switch
        {
            "pkcs1" => original.ExportRSAPrivateKey(),
            "pkcs8" => original.ExportPkcs8PrivateKey(),
            "encrypted" => original.ExportEncryptedPkcs8PrivateKey("pw", pbe),
            "pem-after-other" => Encoding.ASCII.GetBytes(
                PemEncoding.WriteString("CERTIFICATE", [1, 2, 3]) + "\n" + original.ExportRSAPrivateKeyPem()),
            _ => Encoding.ASCII.GetBytes(LegacyEncryptedPem(original, "pw")),
        };
        string path = Write(caseName.Replace(' ', '-') + ".key", content);

        using RSA rsa = RsaPrivateKeyLoader.Load(path, "pw");

        Assert.Equal(original.ExportRSAPublicKey(), rsa.ExportRSAPublicKey());
    }

    [Theory]
    [InlineData("random bytes", "random")]
    [InlineData("text", "text")]
    [InlineData("empty", "empty")]
    [InlineData("pem certificate only", "cert")]
    [InlineData("der integer", "integer")]
    public void Load_NotAKey_ThrowsUnsupportedFormat(string caseName, string kind)
    {
        byte[] content = kind switch
        {
            "random" => RandomBytes(777),
            "text" => Encoding.ASCII.GetBytes("hello, this is not a key\n"),
            "empty" => [],
            "cert" => Encoding.ASCII.GetBytes(PemEncoding.WriteString("CERTIFICATE", [1, 2, 3])),
            _ => [0x02, 0x01, 0x05],
        };
        string path = Write("garbage.bin", content);

        KeyFileException e = Assert.Throws<KeyFileException>(() => RsaPrivateKeyLoader.Load(path));

        Assert.Equal(KeyFileError.UnsupportedFormat, e.Reason);
        Assert.Equal(path, e.Path);
        Assert.NotNull(caseName);
    }

    [Theory]
    [InlineData("ec pkcs8 pem", "ec-pkcs8")]
    [InlineData("ec sec1 pem", "ec-sec1")]
    [InlineData("ec encrypted pkcs8", "ec-encrypted")]
    public void Load_EcKey_ThrowsNotRsa(string caseName, string kind)
    {
        using ECDsa ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000);
        string content = kind switch
        {
            "ec-pkcs8" => ec.ExportPkcs8PrivateKeyPem(),
            "ec-sec1" => ec.ExportECPrivateKeyPem(),
            _ => ec.ExportEncryptedPkcs8PrivateKeyPem("pw", pbe),
        };
        string path = Write("ec.pem", content);

        KeyFileException e = Assert.Throws<KeyFileException>(() => RsaPrivateKeyLoader.Load(path, "pw"));

        Assert.Equal(KeyFileError.NotRsa, e.Reason);
        Assert.NotNull(caseName);
    }

    [Theory]
    [InlineData("pkcs1 shell with two integers", "3006020100020105")]
    [InlineData("pkcs8 rsaEncryption with junk key", "301a020100300d06092a864886f70d01010105000406010203040506")]
    public void Load_BrokenDer_ThrowsCorrupt(string caseName, string hex)
    {
        string path = Write("broken.der", Convert.FromHexString(hex));

        KeyFileException e = Assert.Throws<KeyFileException>(() => RsaPrivateKeyLoader.Load(path));

        Assert.Equal(KeyFileError.Corrupt, e.Reason);
        Assert.NotNull(caseName);
    }

    [Fact]
    public void Load_Pkcs1DerWithTrailingBytes_ThrowsCorrupt()
    {
        using RSA original = RSA.Create(1024);
        string path = Write("trailing.der", [.. original.ExportRSAPrivateKey(), 0x00, 0x00]);

        KeyFileException e = Assert.Throws<KeyFileException>(() => RsaPrivateKeyLoader.Load(path));

        Assert.Equal(KeyFileError.Corrupt, e.Reason);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNotFound()
    {
        string path = Path.Combine(_directory, "absent.key");

        KeyFileException e = Assert.Throws<KeyFileException>(() => RsaPrivateKeyLoader.Load(path));

        Assert.Equal(KeyFileError.NotFound, e.Reason);
    }

    [Fact]
    public void Load_HugeFile_ThrowsTooLarge()
    {
        string path = Write("huge.key", new byte[RsaPrivateKeyLoader.MaxFileSize + 1]);

        KeyFileException e = Assert.Throws<KeyFileException>(() => RsaPrivateKeyLoader.Load(path));

        Assert.Equal(KeyFileError.TooLarge, e.Reason);
    }

    [Fact]
    public void KeyFileException_Message_DoesNotContainPassword()
    {
        KeyFileException e = Assert.Throws<KeyFileException>(() => RsaPrivateKeyLoader.Load(Fixture("key.p12"), "hunter2-password"));

        Assert.DoesNotContain("hunter2", e.Message);
    }

    private static byte[] RandomBytes(int length)
    {
        byte[] bytes = new byte[length];
        new Random(42).NextBytes(bytes);

        // Make sure it is not mistaken for DER.
        bytes[0] = 0x5A;
        return bytes;
    }

    /// <summary>RFC 1421 style "Proc-Type: 4,ENCRYPTED" PKCS#1 PEM, as <c>openssl rsa -aes128</c> writes it (EVP_BytesToKey with MD5).</summary>
    private static string LegacyEncryptedPem(RSA rsa, string password)
    {
        byte[] iv = new byte[16];
        RandomNumberGenerator.Fill(iv);
        byte[] pass = Encoding.ASCII.GetBytes(password);

        // EVP_BytesToKey(AES-128-CBC, MD5, salt = iv[0..8], count 1): key = MD5(pass || salt).
        byte[] key = MD5.HashData([.. pass, .. iv.AsSpan(0, 8)]);
        using Aes aes = Aes.Create();
        aes.Key = key;
        byte[] encrypted = aes.EncryptCbc(rsa.ExportRSAPrivateKey(), iv, PaddingMode.PKCS7);
        return "-----BEGIN RSA PRIVATE KEY-----\n"
            + "Proc-Type: 4,ENCRYPTED\n"
            + $"DEK-Info: AES-128-CBC,{Convert.ToHexString(iv)}\n\n"
            + Convert.ToBase64String(encrypted, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n")
            + "\n-----END RSA PRIVATE KEY-----\n";
    }
}
