using System.Security.Cryptography;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// RFC 5246 §6.2.3.2 GenericBlockCipher: [IV] || CBC(content || MAC || padding || padding_length), MAC-then-encrypt;
/// or RFC 7366 encrypt-then-MAC: [IV] || CBC(content || padding || padding_length) || MAC(over IV and ciphertext).
/// TLS 1.1+ and DTLS send the IV in each record; SSL 3.0 and TLS 1.0 chain it from the previous record's last
/// ciphertext block (RFC 2246 §6.2.3.2), which makes this decryptor stateful.
/// </summary>
internal sealed class CbcRecordDecryptor : RecordDecryptor
{
    private readonly ICbcCipher _cipher;
    private readonly IRecordMac _mac;
    private readonly byte[]? _chainedIv;
    private readonly bool _encryptThenMac;
    private readonly bool _ssl3;
    private readonly int _blockSize;

    public CbcRecordDecryptor(ICbcCipher cipher, IRecordMac mac, ReadOnlySpan<byte> implicitIv, bool encryptThenMac, bool ssl3)
    {
        _cipher = cipher;
        _mac = mac;
        _blockSize = cipher.BlockSize;
        _chainedIv = implicitIv.IsEmpty ? null : implicitIv.ToArray();
        _encryptThenMac = encryptThenMac;
        _ssl3 = ssl3;
    }

    public override bool IsStateful => _chainedIv is not null;

    /// <inheritdoc/>
    public override RecordLayout Layout =>
        new(RecordProtection.Block, _chainedIv is null ? _blockSize : 0, _encryptThenMac ? _mac.Length : 0, _mac.Length, _encryptThenMac);

    public override RecordDecryptStatus Decrypt(ContentType type, ushort wireVersion, ulong sequenceNumber, ReadOnlySpan<byte> fragment, Span<byte> plaintext, out int plaintextLength)
    {
        plaintextLength = 0;
        EnsureOutput(fragment, plaintext);
        if (fragment.Length > MaxTls12CiphertextLength)
        {
            // RFC 5246 §6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048.
            return RecordDecryptStatus.RecordOverflow;
        }

        int ivLength = _chainedIv is null ? _blockSize : 0;
        int macLength = _mac.Length;
        int encryptedLength = fragment.Length - ivLength - (_encryptThenMac ? macLength : 0);

        // RFC 5246 §6.2.3.2 (MtE): the ciphertext holds at least MAC + padding_length, rounded up to a block;
        // RFC 7366 §3 (EtM): at least one block plus the MAC.
        int minimumEncrypted = _encryptThenMac ? _blockSize : RoundUp(macLength + 1, _blockSize);
        if (encryptedLength < minimumEncrypted)
        {
            return RecordDecryptStatus.RecordTooShort;
        }

        if (encryptedLength % _blockSize != 0)
        {
            // RFC 5246 §6.2.3.2: the ciphertext length is a multiple of the block length; otherwise bad_record_mac.
            return RecordDecryptStatus.BadRecordMac;
        }

        ReadOnlySpan<byte> iv = _chainedIv ?? fragment[..ivLength];
        ReadOnlySpan<byte> encrypted = fragment.Slice(ivLength, encryptedLength);
        Span<byte> decrypted = plaintext[..encryptedLength];
        bool macOk = true;
        if (_encryptThenMac)
        {
            // RFC 7366 §3: MAC(MAC_write_key, seq_num + type + version + length + IV + ENC(content + padding + padding_length)),
            // checked before decrypting; length covers IV + ciphertext.
            macOk = MacMatches(_mac, sequenceNumber, type, wireVersion, ivLength + encryptedLength, fragment[..(ivLength + encryptedLength)], default, fragment[^macLength..]);
        }

        if (macOk)
        {
            _cipher.Decrypt(iv, encrypted, decrypted);
        }

        // RFC 2246 §6.2.3.2: the next record's IV is this record's last ciphertext block, whatever its MAC says.
        if (_chainedIv is not null)
        {
            encrypted[^_blockSize..].CopyTo(_chainedIv);
        }

        if (!macOk)
        {
            return RecordDecryptStatus.BadRecordMac;
        }

        int paddingLength = decrypted[^1];
        int trailerLength = paddingLength + 1 + (_encryptThenMac ? 0 : macLength);
        if (trailerLength > encryptedLength)
        {
            return RecordDecryptStatus.BadPadding;
        }

        if (!PaddingValid(decrypted, paddingLength))
        {
            return RecordDecryptStatus.BadPadding;
        }

        int contentLength = encryptedLength - trailerLength;
        if (!_encryptThenMac && !MacMatches(_mac, sequenceNumber, type, wireVersion, contentLength, decrypted[..contentLength], default, decrypted.Slice(contentLength, macLength)))
        {
            return RecordDecryptStatus.BadRecordMac;
        }

        if (contentLength > MaxPlaintextLength)
        {
            // RFC 5246 §6.2.1: TLSPlaintext.length MUST NOT exceed 2^14.
            return RecordDecryptStatus.RecordOverflow;
        }

        plaintextLength = contentLength;
        return RecordDecryptStatus.Ok;
    }

    public override void Dispose()
    {
        CryptographicOperations.ZeroMemory(_chainedIv);
        _cipher.Dispose();
        _mac.Dispose();
    }

    private bool PaddingValid(ReadOnlySpan<byte> decrypted, int paddingLength)
    {
        if (_ssl3)
        {
            // RFC 6101 §5.2.3.2: padding bytes are arbitrary; padding_length is less than the block length.
            return paddingLength < _blockSize;
        }

        // RFC 5246 §6.2.3.2: each uint8 in the padding data vector MUST be filled with the padding length value.
        ReadOnlySpan<byte> padding = decrypted[^(paddingLength + 1)..];
        int difference = 0;
        foreach (byte b in padding)
        {
            difference |= b ^ paddingLength;
        }

        return difference == 0;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
