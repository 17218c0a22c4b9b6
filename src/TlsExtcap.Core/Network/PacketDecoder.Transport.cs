using System.Buffers.Binary;

namespace TlsExtcap.Core.Network;

/// <summary>TCP and UDP headers.</summary>
public static partial class PacketDecoder
{
    private const int TcpMinHeaderLength = 20;
    private const int TcpSequenceOffset = 4;
    private const int TcpAcknowledgmentOffset = 8;
    private const int TcpDataOffsetOffset = 12;
    private const int TcpFlagsOffset = 13;
    private const int UdpHeaderLength = 8;
    private const int UdpLengthOffset = 4;

    /// <param name="ip">The IP packet as captured (may end early or carry link-layer padding).</param>
    /// <param name="transportOffset">Start of the transport header within <paramref name="ip"/>.</param>
    /// <param name="ipLength">Length of the IP packet as its header declares it.</param>
    private static bool TryDecodeTransport(byte protocol, ReadOnlySpan<byte> ip, int transportOffset, int ipLength, ref TransportPacket packet)
    {
        // Drop link-layer padding beyond the declared IP length; note when the capture stopped short of it.
        bool truncated = ip.Length < ipLength;
        ReadOnlySpan<byte> segment = ip[transportOffset..Math.Min(ip.Length, ipLength)];
        int declaredSegmentLength = ipLength - transportOffset;

        return (IpProtocolNumber)protocol switch
        {
            IpProtocolNumber.Tcp => TryDecodeTcp(segment, truncated, ref packet),
            IpProtocolNumber.Udp => TryDecodeUdp(segment, declaredSegmentLength, ref packet),
            _ => false,
        };
    }

    /// <summary>
    /// RFC 9293 §3.1: source port (2) | destination port (2) | sequence (4) | acknowledgment (4) |
    /// data offset/reserved (1) | flags (1) | window (2) | checksum (2) | urgent (2) | options.
    /// </summary>
    private static bool TryDecodeTcp(ReadOnlySpan<byte> segment, bool truncated, ref TransportPacket packet)
    {
        if (segment.Length < TcpMinHeaderLength)
        {
            return false;
        }

        // RFC 9293 §3.1: data offset counts 32-bit words and is at least 5.
        int headerLength = (segment[TcpDataOffsetOffset] >> 4) * 4;
        if (headerLength < TcpMinHeaderLength || headerLength > segment.Length)
        {
            return false;
        }

        packet.Protocol = TransportProtocol.Tcp;
        packet.Source = new IpEndpoint(packet.Source.Address, BinaryPrimitives.ReadUInt16BigEndian(segment));
        packet.Destination = new IpEndpoint(packet.Destination.Address, BinaryPrimitives.ReadUInt16BigEndian(segment[2..]));
        packet.SequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(segment[TcpSequenceOffset..]);
        packet.AcknowledgmentNumber = BinaryPrimitives.ReadUInt32BigEndian(segment[TcpAcknowledgmentOffset..]);
        packet.Flags = (TcpFlags)segment[TcpFlagsOffset];
        packet.Payload = segment[headerLength..];
        packet.PayloadTruncated = truncated;
        return true;
    }

    /// <summary>RFC 768: source port (2) | destination port (2) | length (2, header included) | checksum (2).</summary>
    private static bool TryDecodeUdp(ReadOnlySpan<byte> segment, int declaredLength, ref TransportPacket packet)
    {
        if (segment.Length < UdpHeaderLength)
        {
            return false;
        }

        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(segment[UdpLengthOffset..]);

        // RFC 2675 §4: a UDP length of 0 (jumbogram) defers to the IP payload length.
        if (udpLength == 0)
        {
            udpLength = declaredLength;
        }

        // RFC 768: the length covers the 8-byte header and cannot exceed the IP payload.
        if (udpLength < UdpHeaderLength || udpLength > declaredLength)
        {
            return false;
        }

        packet.Protocol = TransportProtocol.Udp;
        packet.Source = new IpEndpoint(packet.Source.Address, BinaryPrimitives.ReadUInt16BigEndian(segment));
        packet.Destination = new IpEndpoint(packet.Destination.Address, BinaryPrimitives.ReadUInt16BigEndian(segment[2..]));
        packet.Payload = segment[UdpHeaderLength..Math.Min(udpLength, segment.Length)];
        packet.PayloadTruncated = segment.Length < udpLength;
        return true;
    }
}
