using System.Buffers.Binary;
using System.Security.Cryptography;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// RFC 5246 §6.2.3.3 GenericAEADCipher. Nonce: salt(4) || explicit nonce(8) from the record for GCM (RFC 5288 §3) and CCM
/// (RFC 6655 §3), or the 12-byte IV XOR the sequence number for ChaCha20-Poly1305 (RFC 7905 §2).
/// additional_data = seq_num(8) || type(1) || version(2) || length(2) of the plaintext.
/// </summary>
internal sealed class Tls12AeadRecordDecryptor : RecordDecryptor
{
    private const int NonceLength = 12;
    private const int AadLength = 13;

    private readonly IAeadCipher _aead;
    private readonly byte[] _fixedIv;
    private readonly int _recordIvLength;
    private readonly int _tagLength;

    public Tls12AeadRecordDecryptor(IAeadCipher aead, ReadOnlySpan<byte> fixedIv, int recordIvLength, int tagLength)
    {
        _aead = aead;
        _fixedIv = fixedIv.ToArray();
        _recordIvLength = recordIvLength;
        _tagLength = tagLength;
    }

    public override bool IsStateful => false;

    /// <inheritdoc/>
    public override RecordLayout Layout => new(RecordProtection.Aead, _recordIvLength, _tagLength, 0, false);

    public override RecordDecryptStatus Decrypt(ContentType type, ushort wireVersion, ulong sequenceNumber, ReadOnlySpan<byte> fragment, Span<byte> plaintext, out int plaintextLength)
    {
        plaintextLength = 0;
        EnsureOutput(fragment, plaintext);
        if (fragment.Length > MaxTls12CiphertextLength)
        {
            // RFC 5246 §6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048.
            return RecordDecryptStatus.RecordOverflow;
        }

        if (fragment.Length < _recordIvLength + _tagLength)
        {
            // RFC 5246 §6.2.3.3: nonce_explicit and the tag are always present.
            return RecordDecryptStatus.RecordTooShort;
        }

        Span<byte> nonce = stackalloc byte[NonceLength];
        if (_recordIvLength == 0)
        {
            // RFC 7905 §2: nonce = client/server_write_IV XOR padded sequence number.
            AeadNonce.XorSequence(_fixedIv, sequenceNumber, nonce);
        }
        else
        {
            // RFC 5288 §3 / RFC 6655 §3: nonce = salt(4) || nonce_explicit(8).
            _fixedIv.CopyTo(nonce);
            fragment[.._recordIvLength].CopyTo(nonce[_fixedIv.Length..]);
        }

        ReadOnlySpan<byte> ciphertext = fragment[_recordIvLength..^_tagLength];
        Span<byte> aad = stackalloc byte[AadLength];
        BinaryPrimitives.WriteUInt64BigEndian(aad, sequenceNumber);
        aad[8] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(aad[9..], wireVersion);
        BinaryPrimitives.WriteUInt16BigEndian(aad[11..], (ushort)ciphertext.Length);

        if (!_aead.TryDecrypt(nonce, ciphertext, fragment[^_tagLength..], plaintext[..ciphertext.Length], aad))
        {
            return RecordDecryptStatus.BadRecordMac;
        }

        if (ciphertext.Length > MaxPlaintextLength)
        {
            // RFC 5246 §6.2.1: TLSPlaintext.length MUST NOT exceed 2^14.
            return RecordDecryptStatus.RecordOverflow;
        }

        plaintextLength = ciphertext.Length;
        return RecordDecryptStatus.Ok;
    }

    public override void Dispose()
    {
        CryptographicOperations.ZeroMemory(_fixedIv);
        _aead.Dispose();
    }
}
