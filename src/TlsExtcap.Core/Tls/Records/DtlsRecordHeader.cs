using System.Buffers.Binary;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Records;

/// <summary>
/// A DTLS 1.0/1.2 record header. RFC 6347 §4.1:
/// <code>
/// struct { ContentType type; ProtocolVersion version; uint16 epoch; uint48 sequence_number; uint16 length; } DTLSPlaintext;
/// </code>
/// </summary>
public readonly record struct DtlsRecordHeader(ContentType Type, ushort Version, ushort Epoch, ulong SequenceNumber, int Length)
{
    public const int Size = 13;

    /// <summary>The 64-bit value used in the MAC/AEAD pseudo-header: epoch || sequence_number (RFC 6347 §4.1.2.1).</summary>
    public ulong CombinedSequence => ((ulong)Epoch << 48) | SequenceNumber;

    public static bool IsDtlsVersion(ushort version) =>
        version is (ushort)TlsVersion.Dtls10 or (ushort)TlsVersion.Dtls12 or (ushort)TlsVersion.DtlsOpenSslPre098f;

    /// <summary>Reads one header; false when the bytes are not a DTLS record header or are cut short.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out DtlsRecordHeader header)
    {
        header = default;
        if (data.Length < Size)
        {
            return false;
        }

        var type = (ContentType)data[0];
        ushort version = BinaryPrimitives.ReadUInt16BigEndian(data[1..]);
        if (type < ContentType.ChangeCipherSpec || type > ContentType.Ack || !IsDtlsVersion(version))
        {
            return false;
        }

        ushort epoch = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
        ulong seq = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(data[5..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(data[7..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[11..]);
        // RFC 6347 §4.1.2.1 (as RFC 5246 §6.2.3): ciphertext length at most 2^14 + 2048.
        if (length > TlsRecordHeader.MaxFragmentLength)
        {
            return false;
        }

        header = new DtlsRecordHeader(type, version, epoch, seq, length);
        return true;
    }
}
