using System.Buffers.Binary;
using System.Security.Cryptography;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Crypto;

/// <summary>RFC 8446 §5.2 record protection: AEAD-Decrypt(key, nonce, additional_data = record header, ciphertext || tag).</summary>
internal sealed class Tls13RecordDecryptor : RecordDecryptor
{
    private const int HeaderLength = 5;

    private readonly IAeadCipher _aead;
    private readonly byte[] _iv;
    private readonly int _tagLength;
    private readonly bool _headerIsAdditionalData;

    public Tls13RecordDecryptor(IAeadCipher aead, ReadOnlySpan<byte> iv, int tagLength, bool headerIsAdditionalData = true)
    {
        _aead = aead;
        _iv = iv.ToArray();
        _tagLength = tagLength;
        _headerIsAdditionalData = headerIsAdditionalData;
    }

    public override bool IsStateful => false;

    /// <inheritdoc/>
    public override RecordLayout Layout => new(RecordProtection.Tls13Aead, 0, _tagLength, 0, false);

    public override RecordDecryptStatus Decrypt(ContentType type, ushort wireVersion, ulong sequenceNumber, ReadOnlySpan<byte> fragment, Span<byte> plaintext, out int plaintextLength)
    {
        plaintextLength = 0;
        EnsureOutput(fragment, plaintext);
        if (fragment.Length > MaxTls13CiphertextLength)
        {
            // RFC 8446 §5.2: length MUST NOT exceed 2^14 + 256 → record_overflow.
            return RecordDecryptStatus.RecordOverflow;
        }

        if (fragment.Length < _tagLength + 1)
        {
            // RFC 8446 §5.4: the inner plaintext holds at least its content type.
            return RecordDecryptStatus.RecordTooShort;
        }

        // RFC 8446 §5.2: additional_data = opaque_type || legacy_record_version || length.
        Span<byte> aad = stackalloc byte[HeaderLength];
        aad[0] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(aad[1..], wireVersion);
        BinaryPrimitives.WriteUInt16BigEndian(aad[3..], (ushort)fragment.Length);
        if (!_headerIsAdditionalData)
        {
            // draft-ietf-tls-tls13 before draft-25 authenticated no additional data.
            aad = [];
        }

        // RFC 8446 §5.3: nonce = iv XOR left-padded sequence number.
        Span<byte> nonce = stackalloc byte[_iv.Length];
        AeadNonce.XorSequence(_iv, sequenceNumber, nonce);

        int ciphertextLength = fragment.Length - _tagLength;
        if (!_aead.TryDecrypt(nonce, fragment[..ciphertextLength], fragment[ciphertextLength..], plaintext[..ciphertextLength], aad))
        {
            return RecordDecryptStatus.BadRecordMac;
        }

        if (ciphertextLength > MaxTls13InnerPlaintextLength)
        {
            // RFC 8446 §5.4: TLSInnerPlaintext MUST NOT exceed 2^14 + 1 octets.
            return RecordDecryptStatus.RecordOverflow;
        }

        plaintextLength = ciphertextLength;
        return RecordDecryptStatus.Ok;
    }

    public override void Dispose()
    {
        CryptographicOperations.ZeroMemory(_iv);
        _aead.Dispose();
    }
}
