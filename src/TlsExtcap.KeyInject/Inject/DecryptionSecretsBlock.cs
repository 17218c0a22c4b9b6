using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Pipeline;

namespace TlsExtcap.KeyInject.Inject;

/// <summary>
/// Encodes Decryption Secrets Blocks holding NSS key log lines, in either byte order so a block can be
/// dropped into any section of a copied file.
/// <code>
/// DSB (pcapng §4.7):
///   0  block type 0x0000000A   u32
///   4  block total length      u32
///   8  secrets type 0x544C534B u32   ("TLSK")
///  12  secrets length          u32   (unpadded)
///  16  secrets data            padded to 32 bits
///  -4  block total length      u32
/// </code>
/// </summary>
internal static class DecryptionSecretsBlock
{
    /// <summary>Largest secrets data per block: dumpcap and tshark refuse blocks above 262 144 bytes in a stream.</summary>
    public const int MaxDataLength = 256 * 1024;

    /// <summary>Block type, total length, secrets type and secrets length.</summary>
    private const int FixedLength = 16;

    /// <summary>Groups lines (each ended by '\n') into block payloads of at most <see cref="MaxDataLength"/> bytes.</summary>
    public static IEnumerable<byte[]> Payloads(IEnumerable<string> lines)
    {
        var buffer = new List<byte>();
        foreach (string line in lines)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(line + "\n");
            if (buffer.Count > 0 && buffer.Count + bytes.Length > MaxDataLength)
            {
                yield return Drain(buffer);
            }

            buffer.AddRange(bytes);
            CryptographicOperations.ZeroMemory(bytes);
        }

        if (buffer.Count > 0)
        {
            yield return Drain(buffer);
        }
    }

    /// <summary>Writes one DSB of <paramref name="secrets"/> in the given byte order.</summary>
    public static void Write(Stream output, ReadOnlySpan<byte> secrets, bool bigEndian)
    {
        int padded = (secrets.Length + 3) & ~3;
        int total = FixedLength + padded + 4;
        byte[] block = new byte[total];
        try
        {
            WriteUInt32(block.AsSpan(0), (uint)PcapngBlockType.DecryptionSecrets, bigEndian);
            WriteUInt32(block.AsSpan(4), (uint)total, bigEndian);
            WriteUInt32(block.AsSpan(8), CaptureProcessor.TlsKeyLogSecretsType, bigEndian);
            WriteUInt32(block.AsSpan(12), (uint)secrets.Length, bigEndian);
            secrets.CopyTo(block.AsSpan(16));

            // pcapng §3.1: the total length is repeated after the (padded) body.
            WriteUInt32(block.AsSpan(total - 4), (uint)total, bigEndian);
            output.Write(block);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }

    private static byte[] Drain(List<byte> buffer)
    {
        byte[] payload = buffer.ToArray();
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer));
        buffer.Clear();
        return payload;
    }

    private static void WriteUInt32(Span<byte> destination, uint value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        }
    }
}
