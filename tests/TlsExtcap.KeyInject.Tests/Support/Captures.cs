using System.Buffers.Binary;
using TlsExtcap.Core.Capture;

namespace TlsExtcap.KeyInject.Tests.Support;

/// <summary>Builds and inspects captures for the tests.</summary>
internal static class Captures
{
    /// <summary>A packet as the tests compare them: interface, time, bytes, length on the wire.</summary>
    public sealed record Packet(long Frame, int Interface, long Timestamp, string Data, int OriginalLength, string Comments);

    public static List<Packet> Packets(string path)
    {
        var packets = new List<Packet>();
        using var reader = CaptureReader.Open(path);
        while (reader.TryRead(out var record))
        {
            if (record.Kind == CaptureRecordKind.Packet)
            {
                packets.Add(new Packet(record.FrameNumber, record.InterfaceId, record.TimestampNanoseconds,
                    Convert.ToHexString(record.Data.Span), record.OriginalLength, string.Join("|", record.Comments)));
            }
        }

        return packets;
    }

    /// <summary>Block order: "SHB", "IDB", "DSB", or the frame number of a packet block, "OTHER" otherwise.</summary>
    public static List<string> BlockOrder(string path)
    {
        var order = new List<string>();
        using var reader = CaptureReader.Open(path);
        while (reader.TryReadBlock(out var block))
        {
            order.Add(block.Type switch
            {
                PcapngBlockType.SectionHeader => "SHB",
                PcapngBlockType.InterfaceDescription => "IDB",
                PcapngBlockType.DecryptionSecrets => "DSB",
                _ when block.Record is { Kind: CaptureRecordKind.Packet } record => record.FrameNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => "OTHER",
            });
        }

        return order;
    }

    /// <summary>
    /// The pcap file as a little-endian pcapng: an unused first interface, the packets on interface 1,
    /// every third packet with a comment, and a custom block after the interfaces — things a copy must keep.
    /// </summary>
    public static byte[] ToPcapng(string pcapPath)
    {
        using var output = new MemoryStream();
        using (var writer = new PcapngWriter(output, "tlsinject tests", leaveOpen: true))
        using (var reader = CaptureReader.Open(pcapPath))
        {
            writer.AddInterface(LinkType.Ethernet, name: "unused0");
            writer.AddInterface(reader.PcapLinkType!.Value, name: "lo");
            writer.Flush();
            output.Write(CustomBlock());
            while (reader.TryRead(out var record))
            {
                string[] comments = record.FrameNumber % 3 == 0 ? [$"frame {record.FrameNumber}"] : [];
                writer.WritePacket(1, record.TimestampNanoseconds, record.Data.Span, record.OriginalLength, comments);
            }
        }

        return output.ToArray();
    }

    /// <summary>
    /// Byte-swaps a little-endian pcapng made of SHB, IDB, EPB, DSB and custom blocks into big-endian
    /// (pcapng §4: each section has its own byte order; data and option values stay as they are).
    /// </summary>
    public static byte[] ToBigEndian(byte[] little)
    {
        byte[] big = (byte[])little.Clone();
        int offset = 0;
        while (offset < little.Length)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(little.AsSpan(offset));
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(little.AsSpan(offset + 4));
            Swap32(big, offset);
            Swap32(big, offset + 4);
            Swap32(big, offset + length - 4);
            int body = offset + 8;
            int options;
            switch ((PcapngBlockType)type)
            {
                case PcapngBlockType.SectionHeader:
                    Swap32(big, body);
                    Swap16(big, body + 4);
                    Swap16(big, body + 6);
                    Array.Reverse(big, body + 8, 8);
                    options = body + 16;
                    break;
                case PcapngBlockType.InterfaceDescription:
                    Swap16(big, body);
                    Swap32(big, body + 4);
                    options = body + 8;
                    break;
                case PcapngBlockType.EnhancedPacket:
                    int captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(little.AsSpan(body + 12));
                    for (int i = 0; i < 5; i++)
                    {
                        Swap32(big, body + (4 * i));
                    }

                    options = body + 20 + ((captured + 3) & ~3);
                    break;
                case PcapngBlockType.DecryptionSecrets:
                    int secrets = (int)BinaryPrimitives.ReadUInt32LittleEndian(little.AsSpan(body + 4));
                    Swap32(big, body);
                    Swap32(big, body + 4);
                    options = body + 8 + ((secrets + 3) & ~3);
                    break;
                default:
                    // Custom block: PEN, then data left as is.
                    Swap32(big, body);
                    options = offset + length - 4;
                    break;
            }

            // pcapng §3.5: option code and length are u16 in section order; values are not swapped here.
            while (options < offset + length - 4)
            {
                int optionLength = BinaryPrimitives.ReadUInt16LittleEndian(little.AsSpan(options + 2));
                Swap16(big, options);
                Swap16(big, options + 2);
                options += 4 + ((optionLength + 3) & ~3);
            }

            offset += length;
        }

        return big;
    }

    /// <summary>A Custom Block that may be copied (pcapng §4.8, type 0x00000BAD): PEN 32473 (example), 4 data bytes.</summary>
    private static byte[] CustomBlock()
    {
        byte[] block = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(block, 0x00000BAD);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(8), 32473);
        "test"u8.CopyTo(block.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(16), 20);
        return block;
    }

    private static void Swap16(byte[] bytes, int offset) => Array.Reverse(bytes, offset, 2);

    private static void Swap32(byte[] bytes, int offset) => Array.Reverse(bytes, offset, 4);
}
