using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// The SSL 3.0 keyed hash (RFC 6101 §5.2.3.1):
/// hash(MAC_write_secret + pad_2 + hash(MAC_write_secret + pad_1 + seq_num + type + length + content)),
/// pad_1 = 0x36 and pad_2 = 0x5c repeated 48 times for MD5, 40 times for SHA-1. Also the SSL 3.0 Finished hashes (§5.6.9).
/// </summary>
internal sealed class Ssl3Mac : IRecordMac
{
    private const byte Pad1 = 0x36;
    private const byte Pad2 = 0x5c;

    private readonly IncrementalHash _hash;
    private readonly byte[] _secret;
    private readonly int _padLength;

    public Ssl3Mac(HashAlgorithmName hash, ReadOnlySpan<byte> secret)
    {
        Length = HashSizes.Of(hash);
        _padLength = PadLength(hash);
        _hash = IncrementalHash.CreateHash(hash);
        _secret = secret.ToArray();
    }

    public int Length { get; }

    public void Compute(ulong sequenceNumber, byte type, ushort version, int length, ReadOnlySpan<byte> data1, ReadOnlySpan<byte> data2, Span<byte> mac)
    {
        // RFC 6101 §5.2.3.1: seq_num(8) type(1) length(2): no version field.
        Span<byte> header = stackalloc byte[11];
        BinaryPrimitives.WriteUInt64BigEndian(header, sequenceNumber);
        header[8] = type;
        BinaryPrimitives.WriteUInt16BigEndian(header[9..], (ushort)length);
        Span<byte> pad = stackalloc byte[48];
        Span<byte> inner = stackalloc byte[HashSizes.MaxLength];

        pad.Fill(Pad1);
        _hash.AppendData(_secret);
        _hash.AppendData(pad[.._padLength]);
        _hash.AppendData(header);
        _hash.AppendData(data1);
        _hash.AppendData(data2);
        _hash.GetHashAndReset(inner);

        pad.Fill(Pad2);
        _hash.AppendData(_secret);
        _hash.AppendData(pad[.._padLength]);
        _hash.AppendData(inner[..Length]);
        _hash.GetHashAndReset(mac);
        CryptographicOperations.ZeroMemory(inner);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_secret);
        _hash.Dispose();
    }

    /// <summary>
    /// RFC 6101 §5.6.9: md5_hash = MD5(master_secret + pad2 + MD5(handshake_messages + Sender + master_secret + pad1)),
    /// sha_hash likewise with SHA-1; Sender is "CLNT" (0x434C4E54) or "SRVR" (0x53525652). Returns md5_hash || sha_hash.
    /// </summary>
    public static byte[] ComputeFinished(ReadOnlySpan<byte> masterSecret, bool fromClient, ReadOnlySpan<byte> handshakeMessages)
    {
        ReadOnlySpan<byte> sender = fromClient ? "CLNT"u8 : "SRVR"u8;
        byte[] result = new byte[16 + 20];
        FinishedHash(HashAlgorithmName.MD5, masterSecret, sender, handshakeMessages, result.AsSpan(0, 16));
        FinishedHash(HashAlgorithmName.SHA1, masterSecret, sender, handshakeMessages, result.AsSpan(16, 20));
        return result;
    }

    private static void FinishedHash(HashAlgorithmName hash, ReadOnlySpan<byte> master, ReadOnlySpan<byte> sender, ReadOnlySpan<byte> messages, Span<byte> output)
    {
        int padLength = PadLength(hash);
        Span<byte> pad = stackalloc byte[48];
        Span<byte> inner = stackalloc byte[HashSizes.MaxLength];
        using IncrementalHash h = IncrementalHash.CreateHash(hash);
        pad.Fill(Pad1);
        h.AppendData(messages);
        h.AppendData(sender);
        h.AppendData(master);
        h.AppendData(pad[..padLength]);
        int innerLength = h.GetHashAndReset(inner);
        pad.Fill(Pad2);
        h.AppendData(master);
        h.AppendData(pad[..padLength]);
        h.AppendData(inner[..innerLength]);
        h.GetHashAndReset(output);
    }

    private static int PadLength(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.MD5 ? 48 : hash == HashAlgorithmName.SHA1 ? 40
        : throw new ArgumentException("SSL 3.0 MACs use MD5 or SHA-1.", nameof(hash));
}
