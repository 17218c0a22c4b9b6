using System.Security.Cryptography;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// Decrypts the records of one direction of one connection with one set of keys. Cipher instances and scratch are made
/// once per decryptor. <c>fragment</c> and <c>plaintext</c> must not overlap.
/// AEAD and explicit-IV decryptors are stateless (<see cref="IsStateful"/> false): the caller may try several sequence
/// numbers. RC4 and the SSL 3.0 / TLS 1.0 implicit CBC IV advance on every call.
/// </summary>
public abstract partial class RecordDecryptor : IDisposable
{
    /// <summary>RFC 5246 §6.2.1: TLSPlaintext.length ≤ 2^14.</summary>
    internal const int MaxPlaintextLength = 1 << 14;

    /// <summary>RFC 5246 §6.2.3: TLSCiphertext.length ≤ 2^14 + 2048.</summary>
    internal const int MaxTls12CiphertextLength = MaxPlaintextLength + 2048;

    /// <summary>RFC 8446 §5.2: TLSCiphertext.length ≤ 2^14 + 256.</summary>
    internal const int MaxTls13CiphertextLength = MaxPlaintextLength + 256;

    /// <summary>RFC 8446 §5.4: TLSInnerPlaintext ≤ 2^14 + 1.</summary>
    internal const int MaxTls13InnerPlaintextLength = MaxPlaintextLength + 1;

    /// <summary>
    /// Decrypts one record's fragment. <paramref name="type"/> and <paramref name="wireVersion"/> are the record header's;
    /// <paramref name="sequenceNumber"/> the implicit sequence number (DTLS: epoch &lt;&lt; 48 | seq48). For TLS 1.3 the output
    /// is the TLSInnerPlaintext (see <see cref="TryParseTls13InnerPlaintext"/>).
    /// </summary>
    public abstract RecordDecryptStatus Decrypt(ContentType type, ushort wireVersion, ulong sequenceNumber, ReadOnlySpan<byte> fragment, Span<byte> plaintext, out int plaintextLength);

    public abstract bool IsStateful { get; }

    /// <summary>Where the explicit IV or nonce, the ciphertext and the tag or MAC lie in a fragment.</summary>
    public abstract RecordLayout Layout { get; }

    public abstract void Dispose();

    public override string ToString() => GetType().Name;

    /// <summary>
    /// RFC 8446 §5.4: TLSInnerPlaintext = content || ContentType type || uint8 zeros[length_of_padding]. The type is the last
    /// non-zero byte; false when every byte is zero.
    /// </summary>
    public static bool TryParseTls13InnerPlaintext(ReadOnlySpan<byte> inner, out ContentType type, out int contentLength)
    {
        int last = inner.LastIndexOfAnyExcept((byte)0);
        if (last < 0)
        {
            // RFC 8446 §5.4: no non-zero octet → unexpected_message.
            type = ContentType.Invalid;
            contentLength = 0;
            return false;
        }

        type = (ContentType)inner[last];
        contentLength = last;
        return true;
    }

    private protected static void EnsureOutput(ReadOnlySpan<byte> fragment, Span<byte> plaintext)
    {
        if (plaintext.Length < fragment.Length)
        {
            throw new ArgumentException("The plaintext buffer must be at least as long as the fragment.", nameof(plaintext));
        }
    }

    private protected static bool MacMatches(IRecordMac mac, ulong sequenceNumber, ContentType type, ushort version, int length, ReadOnlySpan<byte> data1, ReadOnlySpan<byte> data2, ReadOnlySpan<byte> received)
    {
        Span<byte> expected = stackalloc byte[HashSizes.MaxLength];
        mac.Compute(sequenceNumber, (byte)type, version, length, data1, data2, expected);
        bool equal = CryptographicOperations.FixedTimeEquals(expected[..mac.Length], received);
        CryptographicOperations.ZeroMemory(expected);
        return equal;
    }
}
