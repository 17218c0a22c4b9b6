namespace TlsExtcap.Core.Crypto;

/// <summary>A record MAC keyed once per direction and reused for every record.</summary>
internal interface IRecordMac : IDisposable
{
    int Length { get; }

    /// <summary>
    /// MAC over seq_num(8) || type(1) [|| version(2)] || length(2) || data (RFC 5246 §6.2.3.1; RFC 6101 §5.2.3.1 has no version).
    /// <paramref name="length"/> is the value of the length field, which RFC 7366 §3 sets to IV + ciphertext.
    /// </summary>
    void Compute(ulong sequenceNumber, byte type, ushort version, int length, ReadOnlySpan<byte> data1, ReadOnlySpan<byte> data2, Span<byte> mac);
}
