using System.Buffers.Binary;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Records;

/// <summary>
/// A TLS record header. RFC 8446 §5.1 / RFC 5246 §6.2.1:
/// <code>
/// struct { ContentType type; ProtocolVersion legacy_record_version; uint16 length; } // + fragment
/// </code>
/// </summary>
public readonly record struct TlsRecordHeader(ContentType Type, ushort Version, int Length)
{
    public const int Size = 5;

    /// <summary>RFC 5246 §6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048.</summary>
    public const int MaxFragmentLength = (1 << 14) + 2048;

    /// <summary>
    /// Reads a header. Returns false when fewer than 5 bytes are available; throws
    /// <see cref="TlsDecodeException"/> when the bytes cannot be a TLS record header.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out TlsRecordHeader header)
    {
        if (data.Length < Size)
        {
            header = default;
            return false;
        }

        if (!IsPlausible(data, out header))
        {
            throw new TlsDecodeException(TlsDecodeError.BadRecordHeader, "TLSPlaintext",
                $"type {data[0]}, version 0x{data[1]:x2}{data[2]:x2}");
        }

        return true;
    }

    /// <summary>True when the five bytes look like a TLS record header (used to detect TLS and to resynchronise).</summary>
    public static bool IsPlausible(ReadOnlySpan<byte> data, out TlsRecordHeader header)
    {
        header = default;
        if (data.Length < Size)
        {
            return false;
        }

        var type = (ContentType)data[0];
        ushort version = BinaryPrimitives.ReadUInt16BigEndian(data[1..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
        // RFC 8446 §5.1: known content types only; RFC 5246 Appendix E: record versions are {3, x}.
        if (type < ContentType.ChangeCipherSpec || type > ContentType.Ack || (version >> 8) != 3 || (version & 0xff) > 4)
        {
            return false;
        }

        if (length > MaxFragmentLength)
        {
            return false;
        }

        header = new TlsRecordHeader(type, version, length);
        return true;
    }
}
