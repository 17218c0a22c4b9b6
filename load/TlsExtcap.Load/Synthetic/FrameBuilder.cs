using System.Buffers.Binary;

namespace TlsExtcap.Load.Synthetic;

/// <summary>Ethernet II + IPv4 + TCP frames built by hand (RFC 791, RFC 9293 §3.1); the IPv4 header checksum is computed, the TCP one left zero.</summary>
public static class FrameBuilder
{
    public const int HeadersLength = 14 + 20 + 20;

    public static byte[] Tcp(uint sourceIp, uint destinationIp, ushort sourcePort, ushort destinationPort, uint sequence, uint acknowledgment, byte flags, ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[HeadersLength + payload.Length];
        var span = frame.AsSpan();

        // Ethernet: destination, source (locally administered), EtherType IPv4.
        span[0] = 0x02;
        span[5] = 0x02;
        span[6] = 0x02;
        span[11] = 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], 0x0800);

        // RFC 791 §3.1: version 4, IHL 5, total length, DF, TTL 64, protocol 6, header checksum.
        var ip = span.Slice(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 20 + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000);
        ip[8] = 64;
        ip[9] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], sourceIp);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destinationIp);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip));

        // RFC 9293 §3.1: ports, sequence, acknowledgment, data offset 5, flags, window.
        var tcp = span.Slice(34, 20);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], acknowledgment);
        tcp[12] = 5 << 4;
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 65535);
        payload.CopyTo(span[HeadersLength..]);
        return frame;
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
