using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TlsExtcap.Core.Crypto;

/// <summary>RFC 5246 §6.2.3.1: MAC = HMAC(MAC_write_key, seq_num + type + version + length + fragment).</summary>
internal sealed class HmacRecordMac : IRecordMac
{
    private readonly IncrementalHash _hmac;

    public HmacRecordMac(HashAlgorithmName hash, ReadOnlySpan<byte> key)
    {
        Length = HashSizes.Of(hash);
        _hmac = IncrementalHash.CreateHMAC(hash, key);
    }

    public int Length { get; }

    public void Compute(ulong sequenceNumber, byte type, ushort version, int length, ReadOnlySpan<byte> data1, ReadOnlySpan<byte> data2, Span<byte> mac)
    {
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteUInt64BigEndian(header, sequenceNumber);
        header[8] = type;
        BinaryPrimitives.WriteUInt16BigEndian(header[9..], version);
        BinaryPrimitives.WriteUInt16BigEndian(header[11..], (ushort)length);
        _hmac.AppendData(header);
        _hmac.AppendData(data1);
        _hmac.AppendData(data2);
        _hmac.GetHashAndReset(mac);
    }

    public void Dispose() => _hmac.Dispose();
}
