using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using PacketDotNet;

namespace TlsExtcap.Core.Tests.Network;

/// <summary>Builds test frames: IP/TCP/UDP with PacketDotNet, link-layer framings and IPv6 extension headers by hand.</summary>
internal static class TestFrames
{
    public static readonly PhysicalAddress SourceMac = PhysicalAddress.Parse("02-00-00-00-00-01");
    public static readonly PhysicalAddress DestinationMac = PhysicalAddress.Parse("02-00-00-00-00-02");

    public static IPPacket TcpIp(IPAddress source, IPAddress destination, ushort sourcePort, ushort destinationPort, uint sequence, uint acknowledgment, byte[] payload, bool syn = false, bool ack = true, bool psh = true, bool fin = false)
    {
        var tcp = new TcpPacket(sourcePort, destinationPort)
        {
            SequenceNumber = sequence,
            AcknowledgmentNumber = acknowledgment,
            Synchronize = syn,
            Acknowledgment = ack,
            Push = psh,
            Finished = fin,
            WindowSize = 512,
            PayloadData = payload,
        };
        return Ip(source, destination, tcp, PacketDotNet.ProtocolType.Tcp);
    }

    public static IPPacket UdpIp(IPAddress source, IPAddress destination, ushort sourcePort, ushort destinationPort, byte[] payload)
    {
        var udp = new UdpPacket(sourcePort, destinationPort) { PayloadData = payload };
        return Ip(source, destination, udp, PacketDotNet.ProtocolType.Udp);
    }

    private static IPPacket Ip(IPAddress source, IPAddress destination, TransportPacket transport, PacketDotNet.ProtocolType protocol)
    {
        IPPacket ip = source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? new IPv4Packet(source, destination)
            : new IPv6Packet(source, destination);
        ip.PayloadPacket = transport;
        ip.Protocol = protocol;
        transport.UpdateCalculatedValues();
        ip.UpdateCalculatedValues();
        return ip;
    }

    public static byte[] Ethernet(IPPacket ip)
    {
        var ethernet = new EthernetPacket(SourceMac, DestinationMac, ip is IPv4Packet ? EthernetType.IPv4 : EthernetType.IPv6)
        {
            PayloadPacket = ip,
        };
        return ethernet.Bytes;
    }

    /// <summary>Ethernet header with the given VLAN tag protocol ids (outermost first) before the EtherType.</summary>
    public static byte[] EthernetTagged(ushort etherType, byte[] payload, params ushort[] tagProtocolIds)
    {
        var frame = new List<byte>();
        frame.AddRange(DestinationMac.GetAddressBytes());
        frame.AddRange(SourceMac.GetAddressBytes());
        ushort vlanId = 100;
        foreach (ushort tpid in tagProtocolIds)
        {
            frame.AddRange(BigEndian16(tpid));
            frame.AddRange(BigEndian16(vlanId++));
        }

        frame.AddRange(BigEndian16(etherType));
        frame.AddRange(payload);
        return frame.ToArray();
    }

    /// <summary>Linux cooked v1: packet type, ARPHRD, address length, 8-byte address, protocol.</summary>
    public static byte[] LinuxSll(ushort protocol, byte[] payload)
    {
        var frame = new List<byte> { 0x00, 0x00, 0x00, 0x01, 0x00, 0x06 };
        frame.AddRange(SourceMac.GetAddressBytes());
        frame.AddRange([0x00, 0x00]);
        frame.AddRange(BigEndian16(protocol));
        frame.AddRange(payload);
        return frame.ToArray();
    }

    /// <summary>Linux cooked v2: protocol, reserved, interface index, ARPHRD, packet type, address length, 8-byte address.</summary>
    public static byte[] LinuxSll2(ushort protocol, byte[] payload)
    {
        var frame = new List<byte>();
        frame.AddRange(BigEndian16(protocol));
        frame.AddRange([0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x04, 0x06]);
        frame.AddRange(SourceMac.GetAddressBytes());
        frame.AddRange([0x00, 0x00]);
        frame.AddRange(payload);
        return frame.ToArray();
    }

    public static byte[] Loopback(uint family, bool bigEndian, byte[] payload)
    {
        var header = new byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, family);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, family);
        }

        return [.. header, .. payload];
    }

    /// <summary>IPv6 header followed by the given extension headers (each: type, body with its next-header byte patched) and the upper layer.</summary>
    public static byte[] Ipv6WithExtensions(IPv6Packet template, byte upperProtocol, byte[] upper, params (byte Type, byte[] Header)[] extensions)
    {
        var chain = new List<byte>();
        for (int i = 0; i < extensions.Length; i++)
        {
            byte[] header = (byte[])extensions[i].Header.Clone();
            header[0] = i + 1 < extensions.Length ? extensions[i + 1].Type : upperProtocol;
            chain.AddRange(header);
        }

        chain.AddRange(upper);
        byte[] ip = template.Bytes[..40];
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), (ushort)chain.Count);
        ip[6] = extensions.Length > 0 ? extensions[0].Type : upperProtocol;
        return [.. ip, .. chain];
    }

    /// <summary>Re-encodes an IPv4 packet with the given options (a multiple of 4 bytes) after the 20-byte header.</summary>
    public static byte[] Ipv4WithOptions(IPv4Packet packet, byte[] options)
    {
        byte[] original = packet.Bytes;
        int headerLength = (original[0] & 0x0F) * 4;
        byte[] result = [.. original[..headerLength], .. options, .. original[headerLength..]];
        result[0] = (byte)(0x40 | ((headerLength + options.Length) / 4));
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(2), (ushort)result.Length);
        return result;
    }

    private static byte[] BigEndian16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }
}
