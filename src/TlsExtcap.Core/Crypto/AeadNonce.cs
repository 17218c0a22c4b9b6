using System.Buffers.Binary;

namespace TlsExtcap.Core.Crypto;

/// <summary>Per-record AEAD nonce constructions.</summary>
internal static class AeadNonce
{
    /// <summary>RFC 8446 §5.3 / RFC 7905 §2: the 64-bit sequence number, left-padded with zeros to iv_length, XORed with the IV.</summary>
    public static void XorSequence(ReadOnlySpan<byte> iv, ulong sequenceNumber, Span<byte> nonce)
    {
        iv.CopyTo(nonce);
        Span<byte> tail = nonce[(iv.Length - sizeof(ulong))..];
        BinaryPrimitives.WriteUInt64BigEndian(tail, BinaryPrimitives.ReadUInt64BigEndian(tail) ^ sequenceNumber);
    }
}
