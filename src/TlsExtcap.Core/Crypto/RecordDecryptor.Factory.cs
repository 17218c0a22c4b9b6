using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Crypto;

public abstract partial class RecordDecryptor
{
    /// <summary>
    /// TLS 1.3 record protection (RFC 8446 §5.2/§5.3): AEAD with nonce = iv XOR padded seq, AAD = the record header.
    /// </summary>
    public static RecordDecryptor CreateTls13(CipherSuiteInfo suite, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, bool headerIsAdditionalData = true)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (!suite.IsTls13)
        {
            throw new ArgumentException($"{suite} is not a TLS 1.3 suite.", nameof(suite));
        }

        if (!suite.IsSupported || !CipherPrimitives.Aead.TryGetValue(suite.Cipher, out CipherPrimitives.AeadFactory? factory))
        {
            return new UnsupportedRecordDecryptor();
        }

        CheckLength(key, suite.KeyLength, nameof(key));
        CheckLength(iv, suite.FixedIvLength, nameof(iv));
        return new Tls13RecordDecryptor(factory(key, suite.TagLength), iv, suite.TagLength, headerIsAdditionalData);
    }

    /// <summary>
    /// SSL 3.0 – TLS 1.2 and DTLS 1.0/1.2 record protection: AEAD (RFC 5288, RFC 6655, RFC 7905, RFC 6209, RFC 6367),
    /// CBC MAC-then-encrypt (RFC 5246 §6.2.3.2) or encrypt-then-MAC (RFC 7366), stream (RC4, NULL); HMAC or the SSL 3.0 MAC.
    /// </summary>
    public static RecordDecryptor Create(CipherSuiteInfo suite, TlsVersion version, ReadOnlySpan<byte> key, ReadOnlySpan<byte> fixedIv, ReadOnlySpan<byte> macKey, bool encryptThenMac)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (suite.IsTls13)
        {
            throw new ArgumentException($"{suite} is a TLS 1.3 suite; use {nameof(CreateTls13)}.", nameof(suite));
        }

        bool implicitIv = Tls12PrfVariants.UsesImplicitIv(version);
        bool ssl3Mac = Tls12PrfVariants.UsesSsl3Mac(version);
        if (!suite.IsSupported)
        {
            return new UnsupportedRecordDecryptor();
        }

        CheckLength(key, suite.KeyLength, nameof(key));
        switch (suite.Kind)
        {
            case CipherKind.Aead when CipherPrimitives.Aead.TryGetValue(suite.Cipher, out CipherPrimitives.AeadFactory? aead):
                CheckLength(fixedIv, suite.FixedIvLength, nameof(fixedIv));
                return new Tls12AeadRecordDecryptor(aead(key, suite.TagLength), fixedIv, suite.RecordIvLength, suite.TagLength);

            case CipherKind.Block when CipherPrimitives.Cbc.TryGetValue(suite.Cipher, out CipherPrimitives.CbcFactory? cbc):
                CheckLength(macKey, suite.MacLength, nameof(macKey));
                if (implicitIv)
                {
                    CheckLength(fixedIv, suite.BlockSize, nameof(fixedIv));
                }

                return new CbcRecordDecryptor(cbc(key), CreateMac(suite, macKey, ssl3Mac), implicitIv ? fixedIv : default, encryptThenMac, ssl3Mac);

            case CipherKind.Stream when CipherPrimitives.Stream.TryGetValue(suite.Cipher, out CipherPrimitives.StreamFactory? stream):
                CheckLength(macKey, suite.MacLength, nameof(macKey));
                return new StreamRecordDecryptor(stream(key), suite.Mac == MacAlgorithm.Null ? null : CreateMac(suite, macKey, ssl3Mac));

            default:
                return new UnsupportedRecordDecryptor();
        }
    }

    private static IRecordMac CreateMac(CipherSuiteInfo suite, ReadOnlySpan<byte> macKey, bool ssl3) =>
        ssl3
            ? new Ssl3Mac(CipherPrimitives.MacHashes[suite.Mac], macKey)
            : new HmacRecordMac(CipherPrimitives.MacHashes[suite.Mac], macKey);

    private static void CheckLength(ReadOnlySpan<byte> value, int expected, string name)
    {
        if (value.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes, got {value.Length}.", name);
        }
    }
}
