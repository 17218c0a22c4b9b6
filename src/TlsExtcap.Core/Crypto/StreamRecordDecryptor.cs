using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Crypto;

/// <summary>RFC 5246 §6.2.3.1 GenericStreamCipher: stream-ciphered content || MAC (RC4, or the NULL cipher).</summary>
internal sealed class StreamRecordDecryptor : RecordDecryptor
{
    private readonly IStreamCipher _cipher;
    private readonly IRecordMac? _mac;

    public StreamRecordDecryptor(IStreamCipher cipher, IRecordMac? mac)
    {
        _cipher = cipher;
        _mac = mac;
    }

    public override bool IsStateful => _cipher.IsStateful;

    /// <inheritdoc/>
    public override RecordLayout Layout => new(RecordProtection.Stream, 0, 0, _mac?.Length ?? 0, false);

    public override RecordDecryptStatus Decrypt(ContentType type, ushort wireVersion, ulong sequenceNumber, ReadOnlySpan<byte> fragment, Span<byte> plaintext, out int plaintextLength)
    {
        plaintextLength = 0;
        EnsureOutput(fragment, plaintext);
        if (fragment.Length > MaxTls12CiphertextLength)
        {
            // RFC 5246 §6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048.
            return RecordDecryptStatus.RecordOverflow;
        }

        int macLength = _mac?.Length ?? 0;
        if (fragment.Length < macLength)
        {
            // RFC 5246 §6.2.3.1: the MAC is always present.
            return RecordDecryptStatus.RecordTooShort;
        }

        _cipher.Process(fragment, plaintext[..fragment.Length]);
        int contentLength = fragment.Length - macLength;
        if (_mac is not null && !MacMatches(_mac, sequenceNumber, type, wireVersion, contentLength, plaintext[..contentLength], default, plaintext.Slice(contentLength, macLength)))
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
        _cipher.Dispose();
        _mac?.Dispose();
    }
}
