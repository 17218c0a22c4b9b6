using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TlsExtcap.Load.Synthetic;

/// <summary>
/// Test-side TLS 1.3 record protection for TLS_AES_128_GCM_SHA256, written from RFC 8446 with .NET's
/// HKDF and AesGcm — none of the code under test: traffic key and IV from a traffic secret (§7.3), the
/// per-record nonce (§5.3) and the additional data (§5.2).
/// </summary>
public sealed class Tls13Sealer : IDisposable
{
    public const int KeyLength = 16;
    public const int IvLength = 12;
    public const int TagLength = 16;

    private readonly AesGcm _aes;
    private readonly byte[] _iv;

    public Tls13Sealer(ReadOnlySpan<byte> trafficSecret)
    {
        byte[] key = ExpandLabel(trafficSecret, "key", KeyLength);
        _iv = ExpandLabel(trafficSecret, "iv", IvLength);
        _aes = new AesGcm(key, TagLength);
        CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>A whole TLS 1.3 record (header included): <paramref name="content"/> then its real content type, sealed at <paramref name="sequence"/>.</summary>
    public byte[] Seal(ulong sequence, byte contentType, ReadOnlySpan<byte> content)
    {
        // RFC 8446 §5.2: TLSInnerPlaintext = content || ContentType || zeros; the record is 23 / 0x0303.
        int innerLength = content.Length + 1;
        int length = innerLength + TagLength;
        byte[] record = new byte[5 + length];
        record[0] = 23;
        record[1] = 3;
        record[2] = 3;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(3), (ushort)length);
        Span<byte> inner = innerLength <= 1024 ? stackalloc byte[innerLength] : new byte[innerLength];
        content.CopyTo(inner);
        inner[^1] = contentType;

        // RFC 8446 §5.3: nonce = iv XOR (0^4 || uint64 sequence).
        Span<byte> nonce = stackalloc byte[IvLength];
        _iv.CopyTo(nonce);
        for (int i = 0; i < 8; i++)
        {
            nonce[IvLength - 1 - i] ^= (byte)(sequence >> (8 * i));
        }

        _aes.Encrypt(nonce, inner, record.AsSpan(5, innerLength), record.AsSpan(5 + innerLength, TagLength), record.AsSpan(0, 5));
        return record;
    }

    public void Dispose() => _aes.Dispose();

    /// <summary>RFC 8446 §7.1: HKDF-Expand-Label(Secret, Label, "", Length) with SHA-256.</summary>
    public static byte[] ExpandLabel(ReadOnlySpan<byte> secret, string label, int length)
    {
        byte[] fullLabel = Encoding.ASCII.GetBytes("tls13 " + label);
        byte[] info = new byte[2 + 1 + fullLabel.Length + 1];
        BinaryPrimitives.WriteUInt16BigEndian(info, (ushort)length);
        info[2] = (byte)fullLabel.Length;
        fullLabel.CopyTo(info, 3);
        byte[] output = new byte[length];
        HKDF.Expand(HashAlgorithmName.SHA256, secret, output, info);
        return output;
    }
}
