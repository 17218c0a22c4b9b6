using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Wire;
using Xunit;

namespace TlsExtcap.Core.Tests.Crypto;

public class RecordDecryptorTruncationTests
{
    public static TheoryData<string, int, TlsVersion, bool> Cases => new()
    {
        { "TLS 1.3 AES-128-GCM", 0x1301, TlsVersion.Tls13, false },
        { "TLS 1.3 AES-128-CCM-8", 0x1305, TlsVersion.Tls13, false },
        { "TLS 1.2 AES-128-GCM", 0xC02F, TlsVersion.Tls12, false },
        { "TLS 1.2 CHACHA20", 0xCCA8, TlsVersion.Tls12, false },
        { "TLS 1.2 AES-CBC-SHA MtE", 0x002F, TlsVersion.Tls12, false },
        { "TLS 1.2 AES-CBC-SHA EtM", 0x002F, TlsVersion.Tls12, true },
        { "TLS 1.0 AES-CBC-SHA", 0x002F, TlsVersion.Tls10, false },
        { "TLS 1.2 RC4-SHA", 0x0005, TlsVersion.Tls12, false },
        { "TLS 1.2 NULL-SHA", 0x0002, TlsVersion.Tls12, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decrypt_EveryTruncatedPrefix_NeverOkNeverThrows(string label, int value, TlsVersion version, bool etm)
    {
        Assert.True(CipherSuiteRegistry.TryGet((ushort)value, out CipherSuiteInfo? suite));
        byte[] key = Tls12KeyDerivationTests.Pattern(suite.KeyLength, 1);
        byte[] macKey = Tls12KeyDerivationTests.Pattern(suite.MacLength, 2);
        byte[] iv = Tls12KeyDerivationTests.Pattern(suite.Kind == CipherKind.Block ? suite.BlockSize : suite.FixedIvLength, 3);
        byte[] content = "a record to cut short, byte by byte"u8.ToArray();
        bool implicitIv = version == TlsVersion.Tls10;
        byte[] record = suite.Kind switch
        {
            CipherKind.Aead when suite.IsTls13 => RecordSealer.Tls13(suite, key, iv, 0, [.. content, 23]),
            CipherKind.Aead => RecordSealer.Tls12Aead(suite, key, iv, 0, 23, 0x0303, content, new byte[8]),
            CipherKind.Block => RecordSealer.Cbc(suite, key, macKey, iv, implicitIv ? null : iv, etm, false, 0, 23, (ushort)version, content, 0),
            _ when suite.Cipher == BulkCipherAlgorithm.Rc4_128 => RecordSealer.Rc4(key, content, RecordSealer.Mac(suite, macKey, false, 0, 23, 0x0303, content)),
            _ => [.. content, .. RecordSealer.Mac(suite, macKey, false, 0, 23, 0x0303, content)],
        };

        for (int length = 0; length <= record.Length; length++)
        {
            using RecordDecryptor decryptor = suite.IsTls13
                ? RecordDecryptor.CreateTls13(suite, key, iv)
                : RecordDecryptor.Create(suite, version, key, suite.Kind == CipherKind.Aead || implicitIv ? iv : default, macKey, etm);
            RecordDecryptStatus status = decryptor.Decrypt(ContentType.ApplicationData, (ushort)(version == TlsVersion.Tls13 ? 0x0303 : (ushort)version), 0, record.AsSpan(0, length), new byte[record.Length], out int plaintextLength);
            bool whole = length == record.Length;
            Assert.True(whole == (status == RecordDecryptStatus.Ok), $"{label}: prefix {length} gave {status}");
            Assert.True(whole || plaintextLength == 0, label);
        }
    }
}
