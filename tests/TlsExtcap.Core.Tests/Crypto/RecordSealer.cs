using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using TlsExtcap.Core.Crypto;

namespace TlsExtcap.Core.Tests.Crypto;

/// <summary>
/// Test-side record encryption, independent of the code under test: BouncyCastle ciphers (GCM/CCM/ChaCha20-Poly1305,
/// CBC over the raw engines, RC4) and .NET's one-shot HMAC, with nonces, AADs, MACs and padding built by hand from the RFCs.
/// </summary>
internal static class RecordSealer
{
    public static byte[] Tls13(CipherSuiteInfo suite, byte[] key, byte[] iv, ulong seq, byte[] innerPlaintext, ushort version = 0x0303)
    {
        // RFC 8446 §5.2: additional_data = 23 || legacy_record_version || length (of ciphertext incl. tag).
        byte[] aad = [23, (byte)(version >> 8), (byte)version, 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(aad.AsSpan(3), (ushort)(innerPlaintext.Length + suite.TagLength));
        // RFC 8446 §5.3: nonce = iv XOR (0^4 || seq).
        byte[] nonce = (byte[])iv.Clone();
        for (int i = 0; i < 8; i++)
        {
            nonce[4 + i] ^= (byte)(seq >> (56 - (8 * i)));
        }

        return AeadSeal(suite, key, nonce, aad, innerPlaintext);
    }

    public static byte[] Tls12Aead(CipherSuiteInfo suite, byte[] key, byte[] fixedIv, ulong seq, byte type, ushort version, byte[] plaintext, byte[] explicitNonce)
    {
        // RFC 5246 §6.2.3.3: additional_data = seq_num + type + version + length (of the plaintext).
        byte[] aad = Header(seq, type, version, plaintext.Length);
        byte[] nonce;
        if (suite.RecordIvLength == 0)
        {
            // RFC 7905 §2.
            nonce = (byte[])fixedIv.Clone();
            for (int i = 0; i < 8; i++)
            {
                nonce[4 + i] ^= (byte)(seq >> (56 - (8 * i)));
            }

            explicitNonce = [];
        }
        else
        {
            // RFC 5288 §3 / RFC 6655 §3: salt || nonce_explicit.
            nonce = [.. fixedIv, .. explicitNonce];
        }

        return [.. explicitNonce, .. AeadSeal(suite, key, nonce, aad, plaintext)];
    }

    /// <summary>
    /// GenericBlockCipher record; <paramref name="paddingLength"/> is rounded up to fill whole blocks. <paramref name="explicitIv"/> null means SSL 3.0 / TLS 1.0 (the IV is <paramref name="cbcIv"/>, not sent).
    /// </summary>
    public static byte[] Cbc(
        CipherSuiteInfo suite, byte[] key, byte[] macKey, byte[] cbcIv, byte[]? explicitIv, bool encryptThenMac, bool ssl3,
        ulong seq, byte type, ushort version, byte[] content, int paddingLength, bool corruptPadding = false)
    {
        // paddingLength is a minimum: it grows until content (+ MAC) + padding + padding_length fills whole blocks.
        int unpadded = content.Length + (encryptThenMac ? 0 : suite.MacLength) + 1;
        while ((unpadded + paddingLength) % suite.BlockSize != 0)
        {
            paddingLength++;
        }

        byte[] padding = Enumerable.Repeat((byte)paddingLength, paddingLength + 1).ToArray();
        if (ssl3 && paddingLength > 0)
        {
            // RFC 6101 §5.2.3.2: the padding bytes are arbitrary.
            padding[0] = 0xEE;
        }

        if (corruptPadding)
        {
            padding[0] ^= 0x01;
        }

        byte[] iv = explicitIv ?? cbcIv;
        if (encryptThenMac)
        {
            // RFC 7366 §3.
            byte[] encrypted = [.. explicitIv ?? [], .. CbcEncrypt(suite, key, iv, [.. content, .. padding])];
            byte[] mac = Mac(suite, macKey, ssl3, seq, type, version, encrypted);
            return [.. encrypted, .. mac];
        }

        // RFC 5246 §6.2.3.2.
        byte[] contentMac = Mac(suite, macKey, ssl3, seq, type, version, content);
        return [.. explicitIv ?? [], .. CbcEncrypt(suite, key, iv, [.. content, .. contentMac, .. padding])];
    }

    public static byte[] Mac(CipherSuiteInfo suite, byte[] macKey, bool ssl3, ulong seq, byte type, ushort version, byte[] data)
    {
        HashAlgorithmName hash = suite.Mac switch
        {
            MacAlgorithm.Md5 => HashAlgorithmName.MD5,
            MacAlgorithm.Sha1 => HashAlgorithmName.SHA1,
            MacAlgorithm.Sha256 => HashAlgorithmName.SHA256,
            _ => HashAlgorithmName.SHA384,
        };
        if (!ssl3)
        {
            byte[] macInput = [.. Header(seq, type, version, data.Length), .. data];
            return CryptographicOperations.HmacData(hash, macKey, macInput);
        }

        // RFC 6101 §5.2.3.1: hash(secret + pad_2 + hash(secret + pad_1 + seq_num + type + length + content)).
        int padLength = hash == HashAlgorithmName.MD5 ? 48 : 40;
        byte[] header = new byte[11];
        BinaryPrimitives.WriteUInt64BigEndian(header, seq);
        header[8] = type;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(9), (ushort)data.Length);
        byte[] innerInput = [.. macKey, .. Enumerable.Repeat((byte)0x36, padLength), .. header, .. data];
        byte[] inner = CryptographicOperations.HashData(hash, innerInput);
        byte[] outerInput = [.. macKey, .. Enumerable.Repeat((byte)0x5c, padLength), .. inner];
        return CryptographicOperations.HashData(hash, outerInput);
    }

    public static byte[] Header(ulong seq, byte type, ushort version, int length)
    {
        byte[] header = new byte[13];
        BinaryPrimitives.WriteUInt64BigEndian(header, seq);
        header[8] = type;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(9), version);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(11), (ushort)length);
        return header;
    }

    public static IBlockCipher Engine(BulkCipherAlgorithm cipher) => cipher switch
    {
        BulkCipherAlgorithm.Aes128Cbc or BulkCipherAlgorithm.Aes256Cbc or BulkCipherAlgorithm.Aes128Gcm or BulkCipherAlgorithm.Aes256Gcm
            or BulkCipherAlgorithm.Aes128Ccm or BulkCipherAlgorithm.Aes256Ccm or BulkCipherAlgorithm.Aes128Ccm8 or BulkCipherAlgorithm.Aes256Ccm8 => new AesEngine(),
        BulkCipherAlgorithm.TripleDesEdeCbc => new DesEdeEngine(),
        BulkCipherAlgorithm.DesCbc => new DesEngine(),
        BulkCipherAlgorithm.Camellia128Cbc or BulkCipherAlgorithm.Camellia256Cbc or BulkCipherAlgorithm.Camellia128Gcm or BulkCipherAlgorithm.Camellia256Gcm => new CamelliaEngine(),
        BulkCipherAlgorithm.Aria128Cbc or BulkCipherAlgorithm.Aria256Cbc or BulkCipherAlgorithm.Aria128Gcm or BulkCipherAlgorithm.Aria256Gcm => new AriaEngine(),
        BulkCipherAlgorithm.SeedCbc => new SeedEngine(),
        _ => throw new ArgumentOutOfRangeException(nameof(cipher)),
    };

    public static byte[] Rc4(byte[] key, params byte[][] chunks)
    {
        var rc4 = new RC4Engine();
        rc4.Init(true, new KeyParameter(key));
        byte[] input = chunks.SelectMany(c => c).ToArray();
        byte[] output = new byte[input.Length];
        rc4.ProcessBytes(input, 0, input.Length, output, 0);
        return output;
    }

    private static byte[] CbcEncrypt(CipherSuiteInfo suite, byte[] key, byte[] iv, byte[] plaintext)
    {
        var cbc = new CbcBlockCipher(Engine(suite.Cipher));
        cbc.Init(true, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] output = new byte[plaintext.Length];
        for (int offset = 0; offset < plaintext.Length; offset += cbc.GetBlockSize())
        {
            cbc.ProcessBlock(plaintext, offset, output, offset);
        }

        return output;
    }

    private static byte[] AeadSeal(CipherSuiteInfo suite, byte[] key, byte[] nonce, byte[] aad, byte[] plaintext)
    {
        Org.BouncyCastle.Crypto.Modes.IAeadCipher aead = suite.Cipher switch
        {
            BulkCipherAlgorithm.ChaCha20Poly1305 => new Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305(),
            BulkCipherAlgorithm.Aes128Ccm or BulkCipherAlgorithm.Aes256Ccm or BulkCipherAlgorithm.Aes128Ccm8 or BulkCipherAlgorithm.Aes256Ccm8
                => new CcmBlockCipher(new AesEngine()),
            _ => new GcmBlockCipher(Engine(suite.Cipher)),
        };
        aead.Init(true, new AeadParameters(new KeyParameter(key), suite.TagLength * 8, nonce, aad));
        byte[] output = new byte[aead.GetOutputSize(plaintext.Length)];
        int written = aead.ProcessBytes(plaintext, 0, plaintext.Length, output, 0);
        aead.DoFinal(output, written);
        return output;
    }
}
