using System.Buffers.Binary;

namespace TlsExtcap.Core.Network;

/// <summary>IPv4 and IPv6 layers.</summary>
public static partial class PacketDecoder
{
    private const int Ipv4MinHeaderLength = 20;
    private const int Ipv4TotalLengthOffset = 2;
    private const int Ipv4FragmentOffset = 6;
    private const int Ipv4ProtocolOffset = 9;
    private const int Ipv4SourceOffset = 12;
    private const int Ipv4DestinationOffset = 16;
    private const ushort Ipv4MoreFragments = 0x2000;
    private const ushort Ipv4FragmentOffsetMask = 0x1FFF;

    private const int Ipv6HeaderLength = 40;
    private const int Ipv6PayloadLengthOffset = 4;
    private const int Ipv6NextHeaderOffset = 6;
    private const int Ipv6SourceOffset = 8;
    private const int Ipv6DestinationOffset = 24;
    private const int Ipv6FragmentHeaderLength = 8;
    private const int MaxExtensionHeaders = 8;

    /// <summary>
    /// RFC 791 §3.1: version/IHL (1) | TOS (1) | total length (2) | id (2) | flags/fragment offset (2) |
    /// TTL (1) | protocol (1) | checksum (2) | source (4) | destination (4) | options (IHL*4 - 20).
    /// </summary>
    private static bool TryDecodeIpv4(ReadOnlySpan<byte> ip, ref TransportPacket packet)
    {
        if (ip.Length < Ipv4MinHeaderLength || ip[0] >> 4 != 4)
        {
            return false;
        }

        // RFC 791 §3.1: IHL counts 32-bit words and is at least 5.
        int headerLength = (ip[0] & 0x0F) * 4;
        if (headerLength < Ipv4MinHeaderLength || headerLength > ip.Length)
        {
            return false;
        }

        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[Ipv4TotalLengthOffset..]);

        // A total length of 0 is what TCP segmentation offload leaves in captures: take the captured bytes.
        if (totalLength == 0)
        {
            totalLength = ip.Length;
        }

        if (totalLength < headerLength)
        {
            return false;
        }

        // RFC 791 §3.2: any fragment (MF set or a non-zero offset) needs reassembly, which this path does not do.
        ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(ip[Ipv4FragmentOffset..]);
        if ((fragment & (Ipv4MoreFragments | Ipv4FragmentOffsetMask)) != 0)
        {
            return false;
        }

        packet.Source = new IpEndpoint(IpAddressValue.FromV4(ip.Slice(Ipv4SourceOffset, 4)), 0);
        packet.Destination = new IpEndpoint(IpAddressValue.FromV4(ip.Slice(Ipv4DestinationOffset, 4)), 0);
        return TryDecodeTransport(ip[Ipv4ProtocolOffset], ip, headerLength, totalLength, ref packet);
    }

    /// <summary>
    /// RFC 8200 §3: version/class/flow (4) | payload length (2) | next header (1) | hop limit (1) |
    /// source (16) | destination (16), then extension headers (§4) up to the transport header.
    /// </summary>
    private static bool TryDecodeIpv6(ReadOnlySpan<byte> ip, ref TransportPacket packet)
    {
        if (ip.Length < Ipv6HeaderLength || ip[0] >> 4 != 6)
        {
            return false;
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[Ipv6PayloadLengthOffset..]);

        // 0 means a jumbogram (RFC 2675) or a segmentation-offload capture: take the captured bytes.
        int totalLength = payloadLength == 0 ? ip.Length : Ipv6HeaderLength + payloadLength;
        var next = (IpProtocolNumber)ip[Ipv6NextHeaderOffset];
        int offset = Ipv6HeaderLength;
        for (int count = 0; ; count++)
        {
            if (count > MaxExtensionHeaders)
            {
                return false;
            }

            int extensionLength;
            switch (next)
            {
                case IpProtocolNumber.Tcp:
                case IpProtocolNumber.Udp:
                    packet.Source = new IpEndpoint(IpAddressValue.FromV6(ip.Slice(Ipv6SourceOffset, 16)), 0);
                    packet.Destination = new IpEndpoint(IpAddressValue.FromV6(ip.Slice(Ipv6DestinationOffset, 16)), 0);
                    return TryDecodeTransport((byte)next, ip, offset, totalLength, ref packet);
                case IpProtocolNumber.HopByHopOptions:
                case IpProtocolNumber.Routing:
                case IpProtocolNumber.DestinationOptions:
                    // RFC 8200 §4.3–§4.6: next header (1) | length in 8-octet units, not counting the first 8.
                    if (ip.Length < offset + 2)
                    {
                        return false;
                    }

                    extensionLength = (ip[offset + 1] + 1) * 8;
                    break;
                case IpProtocolNumber.Fragment:
                    // RFC 8200 §4.5: next header (1) | reserved (1) | offset (13 bits) res (2) M (1) | id (4).
                    if (ip.Length < offset + Ipv6FragmentHeaderLength)
                    {
                        return false;
                    }

                    // Only an atomic fragment (offset 0, M clear) holds a whole transport segment.
                    if ((BinaryPrimitives.ReadUInt16BigEndian(ip[(offset + 2)..]) & 0xFFF9) != 0)
                    {
                        return false;
                    }

                    extensionLength = Ipv6FragmentHeaderLength;
                    break;
                case IpProtocolNumber.AuthenticationHeader:
                    // RFC 4302 §2.2: payload length in 32-bit words, minus 2.
                    if (ip.Length < offset + 2)
                    {
                        return false;
                    }

                    extensionLength = (ip[offset + 1] + 2) * 4;
                    break;
                default:
                    // NoNextHeader (59), ESP, ICMPv6 and everything else end the walk without a segment.
                    return false;
            }

            next = (IpProtocolNumber)ip[offset];
            offset += extensionLength;
            if (offset > ip.Length || offset > totalLength)
            {
                return false;
            }
        }
    }
}
