using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Benchmarks;

/// <summary>Decrypting one 16 KiB record per call, per suite (throughput = 16 KiB / mean).</summary>
[MemoryDiagnoser]
public class RecordDecryptionBenchmarks
{
    private const int PlaintextLength = 16 * 1024;
    private RecordDecryptor _decryptor = null!;
    private byte[] _record = [];
    private byte[] _output = [];

    [Params("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256")]
    public string Suite { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var suite = Enumerable.Range(0x1301, 5).Select(v => { CipherSuiteRegistry.TryGet((ushort)v, out var s); return s!; }).First(s => s.Name == Suite);
        byte[] key = RandomNumberGenerator.GetBytes(suite.KeyLength);
        byte[] iv = RandomNumberGenerator.GetBytes(12);
        _decryptor = RecordDecryptor.CreateTls13(suite, key, iv);
        // Seal one record the way RFC 8446 §5.2 does, with the same primitive family.
        byte[] inner = new byte[PlaintextLength + 1];
        RandomNumberGenerator.Fill(inner.AsSpan(0, PlaintextLength));
        inner[^1] = (byte)ContentType.ApplicationData;
        int tag = suite.TagLength;
        _record = new byte[inner.Length + tag];
        byte[] aad = [23, 3, 3, (byte)(_record.Length >> 8), (byte)_record.Length];
        byte[] nonce = iv;
        switch (suite.Cipher)
        {
            case BulkCipherAlgorithm.ChaCha20Poly1305:
                using (var c = new ChaCha20Poly1305(key))
                {
                    c.Encrypt(nonce, inner, _record.AsSpan(0, inner.Length), _record.AsSpan(inner.Length), aad);
                }

                break;
            case BulkCipherAlgorithm.Aes128Ccm:
                using (var c = new AesCcm(key))
                {
                    c.Encrypt(nonce, inner, _record.AsSpan(0, inner.Length), _record.AsSpan(inner.Length), aad);
                }

                break;
            default:
                using (var c = new AesGcm(key, tag))
                {
                    c.Encrypt(nonce, inner, _record.AsSpan(0, inner.Length), _record.AsSpan(inner.Length), aad);
                }

                break;
        }

        _output = new byte[_record.Length];
    }

    [Benchmark]
    public int Decrypt()
    {
        var status = _decryptor.Decrypt(ContentType.ApplicationData, 0x0303, 0, _record, _output, out int length);
        return status == RecordDecryptStatus.Ok ? length : throw new InvalidOperationException(status.ToString());
    }
}
