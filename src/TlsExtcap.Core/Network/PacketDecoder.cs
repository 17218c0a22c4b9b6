using System.Buffers.Binary;
using TlsExtcap.Core.Capture;

namespace TlsExtcap.Core.Network;

/// <summary>
/// Allocation-free decoder from a captured frame to its TCP or UDP segment: link layer, IPv4/IPv6
/// (options, extension headers) and the transport header. Anything it does not handle — non-IP,
/// other protocols, fragments, malformed or short headers — yields <c>false</c>; it never throws.
/// </summary>
public static partial class PacketDecoder
{
    private const int EthernetHeaderLength = 14;
    private const int EthernetTypeOffset = 12;
    private const int VlanTagLength = 4;
    private const int MaxVlanTags = 4;
    private const int SllHeaderLength = 16;
    private const int SllProtocolOffset = 14;
    private const int Sll2HeaderLength = 20;
    private const int Sll2ProtocolOffset = 0;
    private const int LoopbackHeaderLength = 4;

    // BSD AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD) or 30 (macOS).
    private const uint AddressFamilyInet = 2;
    private const uint AddressFamilyInet6Bsd = 24;
    private const uint AddressFamilyInet6FreeBsd = 28;
    private const uint AddressFamilyInet6Darwin = 30;

    // IEEE 802.3: type/length values below 0x0600 are lengths (802.3 + LLC), not EtherTypes.
    private const ushort MinEtherType = 0x0600;

    /// <summary>Decodes <paramref name="frame"/> captured with <paramref name="linkType"/>; false when it is not a decodable TCP/UDP packet.</summary>
    public static bool TryDecode(LinkType linkType, ReadOnlySpan<byte> frame, out TransportPacket packet)
    {
        packet = default;
        bool decoded = linkType switch
        {
            LinkType.Ethernet => TryDecodeEthernet(frame, ref packet),
            LinkType.LinuxSll => frame.Length >= SllHeaderLength
                && TryDecodeEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[SllProtocolOffset..]), frame[SllHeaderLength..], ref packet),
            LinkType.LinuxSll2 => frame.Length >= Sll2HeaderLength
                && TryDecodeEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[Sll2ProtocolOffset..]), frame[Sll2HeaderLength..], ref packet),
            LinkType.Raw => TryDecodeIp(frame, ref packet),
            LinkType.Ipv4 => TryDecodeIpv4(frame, ref packet),
            LinkType.Ipv6 => TryDecodeIpv6(frame, ref packet),
            LinkType.Null => frame.Length >= LoopbackHeaderLength
                && TryDecodeAddressFamily(LoopbackFamilyEitherOrder(frame), frame[LoopbackHeaderLength..], ref packet),
            LinkType.Loop => frame.Length >= LoopbackHeaderLength
                && TryDecodeAddressFamily(BinaryPrimitives.ReadUInt32BigEndian(frame), frame[LoopbackHeaderLength..], ref packet),
            _ => false,
        };

        if (!decoded)
        {
            packet = default;
        }

        return decoded;
    }

    /// <summary>
    /// Ethernet II: destination MAC (6) | source MAC (6) | EtherType (2), optionally preceded by
    /// IEEE 802.1Q / 802.1ad tags of TPID (2) | TCI (2) each.
    /// </summary>
    private static bool TryDecodeEthernet(ReadOnlySpan<byte> frame, ref TransportPacket packet)
    {
        if (frame.Length < EthernetHeaderLength)
        {
            return false;
        }

        int typeOffset = EthernetTypeOffset;
        var etherType = (EtherType)BinaryPrimitives.ReadUInt16BigEndian(frame[typeOffset..]);
        for (int tags = 0; IsVlanTag(etherType); tags++)
        {
            // IEEE 802.1Q §9.6: each tag adds 4 bytes and carries the next EtherType after its TCI.
            typeOffset += VlanTagLength;
            if (tags == MaxVlanTags || frame.Length < typeOffset + 2)
            {
                return false;
            }

            etherType = (EtherType)BinaryPrimitives.ReadUInt16BigEndian(frame[typeOffset..]);
        }

        return TryDecodeEtherType((ushort)etherType, frame[(typeOffset + 2)..], ref packet);
    }

    private static bool IsVlanTag(EtherType type) =>
        type is EtherType.Vlan or EtherType.ProviderBridging or EtherType.LegacyQinQ;

    private static bool TryDecodeEtherType(ushort etherType, ReadOnlySpan<byte> payload, ref TransportPacket packet)
    {
        if (etherType < MinEtherType)
        {
            return false;
        }

        return (EtherType)etherType switch
        {
            EtherType.Ipv4 => TryDecodeIpv4(payload, ref packet),
            EtherType.Ipv6 => TryDecodeIpv6(payload, ref packet),
            _ => false,
        };
    }

    /// <summary>DLT_NULL stores the family in the capturing host's byte order; a value above 0xFFFF must be the other order.</summary>
    private static uint LoopbackFamilyEitherOrder(ReadOnlySpan<byte> frame)
    {
        uint family = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        return family > 0xFFFF ? BinaryPrimitives.ReverseEndianness(family) : family;
    }

    private static bool TryDecodeAddressFamily(uint family, ReadOnlySpan<byte> payload, ref TransportPacket packet) => family switch
    {
        AddressFamilyInet => TryDecodeIpv4(payload, ref packet),
        AddressFamilyInet6Bsd or AddressFamilyInet6FreeBsd or AddressFamilyInet6Darwin => TryDecodeIpv6(payload, ref packet),
        _ => false,
    };

    /// <summary>Raw IP: the version nibble of the first byte tells IPv4 from IPv6.</summary>
    private static bool TryDecodeIp(ReadOnlySpan<byte> frame, ref TransportPacket packet)
    {
        if (frame.IsEmpty)
        {
            return false;
        }

        return (frame[0] >> 4) switch
        {
            4 => TryDecodeIpv4(frame, ref packet),
            6 => TryDecodeIpv6(frame, ref packet),
            _ => false,
        };
    }
}
