using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TlsExtcap.Core.Network;

namespace TlsExtcap.Extcap;

/// <summary>
/// The fast path of the plaintext mode: writes an Ethernet/IPv4-or-IPv6/TCP frame straight into a buffer,
/// checksums included — the same bytes <see cref="SyntheticFrames"/> builds with PacketDotNet (a test
/// compares the two), without an object per header and a copy per layer.
/// </summary>
internal static class SyntheticFrameWriter
{
    public const int EthernetLength = 14;
    public const int Ipv4Length = 20;
    public const int Ipv6Length = 40;
    public const int TcpLength = 20;

    /// <summary>Largest frame: Ethernet, IPv6 and TCP headers and a 65,535-byte payload.</summary>
    public const int MaxFrameLength = EthernetLength + Ipv6Length + TcpLength + ushort.MaxValue;

    private static ReadOnlySpan<byte> ClientMac => [0x02, 0, 0, 0, 0, 0x01];

    private static ReadOnlySpan<byte> ServerMac => [0x02, 0, 0, 0, 0, 0x02];

    /// <summary>The length of the frame <see cref="Tcp"/> writes for <paramref name="payloadLength"/> bytes from <paramref name="source"/>.</summary>
    public static int TcpFrameLength(IpEndpoint source, int payloadLength) =>
        EthernetLength + (source.Address.IsV6 ? Ipv6Length : Ipv4Length) + TcpLength + payloadLength;

    /// <summary>Writes the frame into <paramref name="frame"/> and returns its length.</summary>
    public static int Tcp(Span<byte> frame, IpEndpoint source, IpEndpoint destination, bool fromClient, uint sequence, uint acknowledgment,
        TcpFlags flags, ReadOnlySpan<byte> payload)
    {
        bool v6 = source.Address.IsV6;
        int ipLength = v6 ? Ipv6Length : Ipv4Length;
        int total = TcpFrameLength(source, payload.Length);
        if (frame.Length < total)
        {
            throw new ArgumentException("the frame buffer is too small", nameof(frame));
        }

        // IEEE 802.3: destination, source, EtherType.
        (fromClient ? ServerMac : ClientMac).CopyTo(frame);
        (fromClient ? ClientMac : ServerMac).CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], v6 ? (ushort)0x86dd : (ushort)0x0800);

        var ip = frame.Slice(EthernetLength, ipLength);
        int tcpOffset = EthernetLength + ipLength;
        var tcp = frame.Slice(tcpOffset, TcpLength);
        int segmentLength = TcpLength + payload.Length;
        if (v6)
        {
            // RFC 8200 §3: version 6, traffic class and flow label 0, payload length, next header, hop limit.
            ip.Clear();
            ip[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)segmentLength);
            ip[6] = (byte)IpProtocolNumber.Tcp;
            ip[7] = 64;
            source.Address.WriteTo(ip[8..24]);
            destination.Address.WriteTo(ip[24..40]);
        }
        else
        {
            // RFC 791 §3.1: version 4, IHL 5, total length, TTL 64, protocol, header checksum.
            ip.Clear();
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(Ipv4Length + segmentLength));
            ip[8] = 64;
            ip[9] = (byte)IpProtocolNumber.Tcp;
            source.Address.WriteTo(ip[12..16]);
            destination.Address.WriteTo(ip[16..20]);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Fold(Sum(ip, 0)));
        }

        // RFC 9293 §3.1: ports, sequence and acknowledgment numbers, data offset 5, flags, window, checksum, urgent.
        BinaryPrimitives.WriteUInt16BigEndian(tcp, source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], destination.Port);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], acknowledgment);
        tcp[12] = 5 << 4;
        tcp[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 65535);
        tcp[16] = tcp[17] = tcp[18] = tcp[19] = 0;
        payload.CopyTo(frame[(tcpOffset + TcpLength)..]);

        // RFC 9293 §3.1 / RFC 8200 §8.1: the checksum covers a pseudo-header of the addresses, protocol and length.
        ulong sum = 0;
        if (v6)
        {
            sum = Sum(ip[8..40], sum);
            sum += (uint)segmentLength;
        }
        else
        {
            sum = Sum(ip[12..20], sum);
            sum += (uint)segmentLength;
        }

        sum += (byte)IpProtocolNumber.Tcp;
        sum = Sum(frame.Slice(tcpOffset, segmentLength), sum);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], Fold(sum));
        return total;
    }

    /// <summary>RFC 1071: the one's-complement sum of 16-bit big-endian words, an odd byte padded with zero.</summary>
    private static ulong Sum(ReadOnlySpan<byte> data, ulong sum)
    {
        // RFC 1071 §2(B): the sum does not depend on byte order. Whole 8-byte words are added in the
        // machine's order with an end-around carry, folded to 16 bits and swapped back (§4.1 "deferred carries").
        int words = data.Length & ~7;
        if (words > 0)
        {
            ulong native = 0;
            foreach (ulong word in MemoryMarshal.Cast<byte, ulong>(data[..words]))
            {
                native += word;
                if (native < word)
                {
                    native++;
                }
            }

            ulong folded = (native & 0xffffffff) + (native >> 32);
            folded = (folded & 0xffffffff) + (folded >> 32);
            folded = (folded & 0xffff) + (folded >> 16);
            folded = (folded & 0xffff) + (folded >> 16);
            folded = (folded & 0xffff) + (folded >> 16);
            ushort partial = (ushort)folded;
            sum += BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(partial) : partial;
        }

        int i = words;
        for (; i + 2 <= data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (ulong)data[i] << 8;
        }

        return sum;
    }

    private static ushort Fold(ulong sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
