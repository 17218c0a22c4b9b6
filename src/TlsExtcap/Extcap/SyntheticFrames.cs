using System.Net;
using System.Net.NetworkInformation;
using PacketDotNet;
using TlsExtcap.Core.Network;

namespace TlsExtcap.Extcap;

/// <summary>Builds Ethernet/IP/TCP and UDP frames with PacketDotNet, checksums filled in.</summary>
internal static class SyntheticFrames
{
    private static readonly PhysicalAddress ClientMac = PhysicalAddress.Parse("02-00-00-00-00-01");
    private static readonly PhysicalAddress ServerMac = PhysicalAddress.Parse("02-00-00-00-00-02");

    public static byte[] Tcp(IpEndpoint source, IpEndpoint destination, bool fromClient, uint sequence, uint acknowledgment,
        bool syn, bool ack, bool psh, bool fin, ReadOnlySpan<byte> payload)
    {
        var tcp = new TcpPacket(source.Port, destination.Port)
        {
            SequenceNumber = sequence,
            AcknowledgmentNumber = acknowledgment,
            Synchronize = syn,
            Acknowledgment = ack,
            Push = psh,
            Finished = fin,
            WindowSize = 65535,
            PayloadData = payload.ToArray(),
        };
        var ip = Ip(source, destination, tcp, PacketDotNet.ProtocolType.Tcp);
        tcp.UpdateTcpChecksum();
        return Ethernet(ip, fromClient);
    }

    public static byte[] Udp(IpEndpoint source, IpEndpoint destination, bool fromClient, ReadOnlySpan<byte> payload)
    {
        var udp = new UdpPacket(source.Port, destination.Port) { PayloadData = payload.ToArray() };
        var ip = Ip(source, destination, udp, PacketDotNet.ProtocolType.Udp);
        udp.UpdateUdpChecksum();
        return Ethernet(ip, fromClient);
    }

    public static IPAddress ToIPAddress(IpAddressValue address)
    {
        Span<byte> bytes = stackalloc byte[address.IsV6 ? 16 : 4];
        address.WriteTo(bytes);
        return new IPAddress(bytes);
    }

    private static IPPacket Ip(IpEndpoint source, IpEndpoint destination, PacketDotNet.TransportPacket transport, PacketDotNet.ProtocolType protocol)
    {
        IPPacket ip = source.Address.IsV6
            ? new IPv6Packet(ToIPAddress(source.Address), ToIPAddress(destination.Address)) { HopLimit = 64 }
            : new IPv4Packet(ToIPAddress(source.Address), ToIPAddress(destination.Address)) { TimeToLive = 64 };
        ip.PayloadPacket = transport;
        ip.Protocol = protocol;
        transport.UpdateCalculatedValues();
        ip.UpdateCalculatedValues();
        if (ip is IPv4Packet v4)
        {
            v4.UpdateIPChecksum();
        }

        return ip;
    }

    private static byte[] Ethernet(IPPacket ip, bool fromClient)
    {
        var ethernet = new EthernetPacket(fromClient ? ClientMac : ServerMac, fromClient ? ServerMac : ClientMac,
            ip is IPv4Packet ? EthernetType.IPv4 : EthernetType.IPv6)
        {
            PayloadPacket = ip,
        };
        return ethernet.Bytes;
    }
}
