using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Crypto;

/// <summary>Stands in for a suite we know by name only: every record is <see cref="RecordDecryptStatus.UnsupportedCipher"/>.</summary>
internal sealed class UnsupportedRecordDecryptor : RecordDecryptor
{
    public override bool IsStateful => false;

    /// <inheritdoc/>
    public override RecordLayout Layout => RecordLayout.Unknown;

    public override RecordDecryptStatus Decrypt(ContentType type, ushort wireVersion, ulong sequenceNumber, ReadOnlySpan<byte> fragment, Span<byte> plaintext, out int plaintextLength)
    {
        plaintextLength = 0;
        return RecordDecryptStatus.UnsupportedCipher;
    }

    public override void Dispose()
    {
    }
}
