using System.Net;
using PacketDotNet;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Network;
using Xunit;
using TransportPacket = TlsExtcap.Core.Network.TransportPacket;

namespace TlsExtcap.Core.Tests.Network;

public sealed class PacketDecoderTests
{
    private const ushort EtherTypeIpv4 = 0x0800;
    private const ushort EtherTypeIpv6 = 0x86DD;
    private static readonly IPAddress ClientV4 = IPAddress.Parse("192.168.1.10");
    private static readonly IPAddress ServerV4 = IPAddress.Parse("93.184.216.34");
    private static readonly IPAddress ClientV6 = IPAddress.Parse("2001:db8::10");
    private static readonly IPAddress ServerV6 = IPAddress.Parse("2001:db8:0:1::443");
    private static readonly byte[] TlsBytes = [0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00];

    public static TheoryData<string, bool> Families => new() { { "IPv4", false }, { "IPv6", true } };

    [Theory]
    [MemberData(nameof(Families))]
    public void TryDecode_EthernetTcp_MatchesPacketDotNet(string label, bool v6)
    {
        _ = label;
        IPPacket ip = Tcp(v6);
        byte[] frame = TestFrames.Ethernet(ip);

        Assert.True(PacketDecoder.TryDecode(LinkType.Ethernet, frame, out TransportPacket packet));

        var parsed = Packet.ParsePacket(LinkLayers.Ethernet, frame).Extract<TcpPacket>();
        var parsedIp = (IPPacket)parsed.ParentPacket;
        Assert.Equal(TransportProtocol.Tcp, packet.Protocol);
        Assert.Equal(parsedIp.SourceAddress.ToString(), packet.Source.Address.ToString());
        Assert.Equal(parsedIp.DestinationAddress.ToString(), packet.Destination.Address.ToString());
        Assert.Equal(parsed.SourcePort, packet.Source.Port);
        Assert.Equal(parsed.DestinationPort, packet.Destination.Port);
        Assert.Equal(parsed.SequenceNumber, packet.SequenceNumber);
        Assert.Equal(parsed.AcknowledgmentNumber, packet.AcknowledgmentNumber);
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, packet.Flags);
        Assert.Equal(parsed.PayloadData, packet.Payload.ToArray());
        Assert.False(packet.PayloadTruncated);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void TryDecode_EthernetUdp_MatchesPacketDotNet(string label, bool v6)
    {
        _ = label;
        IPPacket ip = TestFrames.UdpIp(v6 ? ClientV6 : ClientV4, v6 ? ServerV6 : ServerV4, 5353, 443, TlsBytes);
        byte[] frame = TestFrames.Ethernet(ip);

        Assert.True(PacketDecoder.TryDecode(LinkType.Ethernet, frame, out TransportPacket packet));

        var parsed = Packet.ParsePacket(LinkLayers.Ethernet, frame).Extract<UdpPacket>();
        Assert.Equal(TransportProtocol.Udp, packet.Protocol);
        Assert.Equal(parsed.SourcePort, packet.Source.Port);
        Assert.Equal(parsed.DestinationPort, packet.Destination.Port);
        Assert.Equal(parsed.PayloadData, packet.Payload.ToArray());
        Assert.Equal(v6 ? "[2001:db8::10]:5353" : "192.168.1.10:5353", packet.Source.ToString());
        Assert.False(packet.PayloadTruncated);
    }

    [Theory]
    [InlineData("802.1Q", new ushort[] { 0x8100 })]
    [InlineData("802.1ad QinQ", new ushort[] { 0x88A8, 0x8100 })]
    [InlineData("legacy 0x9100 QinQ", new ushort[] { 0x9100, 0x8100 })]
    public void TryDecode_VlanTagged_DecodesInnerPacket(string label, ushort[] tags)
    {
        _ = label;
        byte[] frame = TestFrames.EthernetTagged(EtherTypeIpv4, Tcp(false).Bytes, tags);

        AssertTcp(LinkType.Ethernet, frame, v6: false);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void TryDecode_LinuxCooked_DecodesBothVersions(string label, bool v6)
    {
        _ = label;
        byte[] ip = Tcp(v6).Bytes;
        ushort protocol = v6 ? EtherTypeIpv6 : EtherTypeIpv4;

        AssertTcp(LinkType.LinuxSll, TestFrames.LinuxSll(protocol, ip), v6);
        AssertTcp(LinkType.LinuxSll2, TestFrames.LinuxSll2(protocol, ip), v6);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void TryDecode_RawAndIpLinkTypes_DecodeByVersion(string label, bool v6)
    {
        _ = label;
        byte[] ip = Tcp(v6).Bytes;

        AssertTcp(LinkType.Raw, ip, v6);
        AssertTcp(v6 ? LinkType.Ipv6 : LinkType.Ipv4, ip, v6);
        Assert.False(PacketDecoder.TryDecode(v6 ? LinkType.Ipv4 : LinkType.Ipv6, ip, out _));
    }

    [Theory]
    [InlineData("Null AF_INET little-endian", LinkType.Null, 2u, false, false)]
    [InlineData("Null AF_INET big-endian", LinkType.Null, 2u, true, false)]
    [InlineData("Null AF_INET6 24 little-endian", LinkType.Null, 24u, false, true)]
    [InlineData("Null AF_INET6 28 big-endian", LinkType.Null, 28u, true, true)]
    [InlineData("Null AF_INET6 30 little-endian", LinkType.Null, 30u, false, true)]
    [InlineData("Loop AF_INET", LinkType.Loop, 2u, true, false)]
    [InlineData("Loop AF_INET6 24", LinkType.Loop, 24u, true, true)]
    public void TryDecode_BsdLoopback_DecodesFamily(string label, LinkType linkType, uint family, bool bigEndian, bool v6)
    {
        _ = label;
        AssertTcp(linkType, TestFrames.Loopback(family, bigEndian, Tcp(v6).Bytes), v6);
    }

    [Fact]
    public void TryDecode_LoopWithHostOrderFamily_ReturnsFalse()
    {
        Assert.False(PacketDecoder.TryDecode(LinkType.Loop, TestFrames.Loopback(2, bigEndian: false, Tcp(false).Bytes), out _));
    }

    [Fact]
    public void TryDecode_Ipv6HopByHopAndDestinationOptions_SkipsExtensionHeaders()
    {
        var template = (IPv6Packet)Tcp(true);
        byte[] tcp = template.PayloadPacket.Bytes;
        byte[] hopByHop = [0, 0, 0x01, 0x04, 0, 0, 0, 0];
        byte[] destination = [0, 1, 0x01, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] frame = TestFrames.Ipv6WithExtensions(template, 6, tcp, (0, hopByHop), (60, destination));

        Assert.Equal(40 + 8 + 16 + 20 + TlsBytes.Length, frame.Length);
        AssertTcp(LinkType.Raw, frame, v6: true);
    }

    [Theory]
    [InlineData("routing header", (byte)43, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData("atomic fragment", (byte)44, new byte[] { 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78 })]
    [InlineData("authentication header", (byte)51, new byte[] { 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 })]
    public void TryDecode_Ipv6OtherExtension_SkipsIt(string label, byte type, byte[] header)
    {
        _ = label;
        var template = (IPv6Packet)Tcp(true);
        byte[] frame = TestFrames.Ipv6WithExtensions(template, 6, template.PayloadPacket.Bytes, (type, header));

        AssertTcp(LinkType.Ipv6, frame, v6: true);
    }

    [Fact]
    public void TryDecode_Ipv4WithOptions_UsesHeaderLength()
    {
        var ip = (IPv4Packet)Tcp(false);
        byte[] frame = TestFrames.Ipv4WithOptions(ip, [0x01, 0x01, 0x07, 0x07, 0x04, 0x00, 0x00, 0x00]);

        AssertTcp(LinkType.Raw, frame, v6: false);

        var parsed = Packet.ParsePacket(LinkLayers.Raw, frame).Extract<IPv4Packet>();
        Assert.Equal(7, parsed.HeaderLength);
    }

    [Fact]
    public void TryDecode_EthernetPadding_IsTrimmed()
    {
        IPPacket ip = TestFrames.TcpIp(ClientV4, ServerV4, 50000, 443, 1, 2, [], syn: true, ack: false, psh: false);
        byte[] frame = [.. TestFrames.Ethernet(ip), 0, 0, 0, 0, 0, 0];

        Assert.Equal(60, frame.Length);
        Assert.True(PacketDecoder.TryDecode(LinkType.Ethernet, frame, out TransportPacket packet));
        Assert.Equal(0, packet.Payload.Length);
        Assert.Equal(TcpFlags.Syn, packet.Flags);
        Assert.False(packet.PayloadTruncated);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void TryDecode_FrameCapturedShort_ReturnsTruncatedPayload(string label, bool v6)
    {
        _ = label;
        byte[] frame = TestFrames.Ethernet(Tcp(v6));

        Assert.True(PacketDecoder.TryDecode(LinkType.Ethernet, frame[..^4], out TransportPacket packet));

        Assert.True(packet.PayloadTruncated);
        Assert.Equal(TlsBytes[..^4], packet.Payload.ToArray());
    }

    [Fact]
    public void TryDecode_UdpCapturedShort_ReturnsTruncatedPayload()
    {
        byte[] frame = TestFrames.UdpIp(ClientV4, ServerV4, 1, 2, TlsBytes).Bytes;

        Assert.True(PacketDecoder.TryDecode(LinkType.Raw, frame[..^3], out TransportPacket packet));

        Assert.True(packet.PayloadTruncated);
        Assert.Equal(TlsBytes[..^3], packet.Payload.ToArray());
    }

    [Fact]
    public void TryDecode_AllTcpFlags_MapsEachBit()
    {
        byte[] frame = Tcp(false).Bytes;
        frame[20 + 13] = 0xFF;

        Assert.True(PacketDecoder.TryDecode(LinkType.Raw, frame, out TransportPacket packet));

        Assert.Equal(TcpFlags.Fin | TcpFlags.Syn | TcpFlags.Rst | TcpFlags.Psh | TcpFlags.Ack | TcpFlags.Urg | TcpFlags.Ece | TcpFlags.Cwr, packet.Flags);
    }

    [Fact]
    public void TryDecode_Arp_ReturnsFalse()
    {
        var arp = new ArpPacket(ArpOperation.Request, TestFrames.DestinationMac, ServerV4, TestFrames.SourceMac, ClientV4);
        var ethernet = new EthernetPacket(TestFrames.SourceMac, TestFrames.DestinationMac, EthernetType.Arp) { PayloadPacket = arp };

        Assert.False(PacketDecoder.TryDecode(LinkType.Ethernet, ethernet.Bytes, out TransportPacket packet));
        Assert.Equal(0, packet.Source.Port);
    }

    [Fact]
    public void TryDecode_Icmp_ReturnsFalse()
    {
        var ip = new IPv4Packet(ClientV4, ServerV4) { Protocol = PacketDotNet.ProtocolType.Icmp, PayloadData = [8, 0, 0xF7, 0xFF, 0, 0, 0, 0] };
        ip.UpdateCalculatedValues();

        Assert.False(PacketDecoder.TryDecode(LinkType.Raw, ip.Bytes, out _));
    }

    [Theory]
    [InlineData("later fragment", 0, 100)]
    [InlineData("first fragment with more to come", 1, 0)]
    public void TryDecode_Ipv4Fragment_ReturnsFalse(string label, int fragmentFlags, int fragmentOffset)
    {
        _ = label;
        var ip = (IPv4Packet)Tcp(false);
        ip.FragmentFlags = (byte)fragmentFlags;
        ip.FragmentOffset = fragmentOffset;

        Assert.False(PacketDecoder.TryDecode(LinkType.Raw, ip.Bytes, out _));
    }

    [Theory]
    [InlineData("later fragment", new byte[] { 0, 0, 0x00, 0x08, 0, 0, 0, 1 })]
    [InlineData("first fragment with more to come", new byte[] { 0, 0, 0x00, 0x01, 0, 0, 0, 1 })]
    public void TryDecode_Ipv6Fragment_ReturnsFalse(string label, byte[] fragmentHeader)
    {
        _ = label;
        var template = (IPv6Packet)Tcp(true);
        byte[] frame = TestFrames.Ipv6WithExtensions(template, 6, template.PayloadPacket.Bytes, (44, fragmentHeader));

        Assert.False(PacketDecoder.TryDecode(LinkType.Raw, frame, out _));
    }

    [Fact]
    public void TryDecode_Ipv6NoNextHeader_ReturnsFalse()
    {
        var template = (IPv6Packet)Tcp(true);
        byte[] frame = TestFrames.Ipv6WithExtensions(template, 59, []);

        Assert.False(PacketDecoder.TryDecode(LinkType.Raw, frame, out _));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void TryDecode_EveryPrefixCutInsideHeaders_ReturnsFalse(string label, bool v6)
    {
        _ = label;
        byte[] frame = TestFrames.Ethernet(Tcp(v6));
        int headersLength = frame.Length - TlsBytes.Length;

        for (int length = 0; length < headersLength; length++)
        {
            Assert.False(PacketDecoder.TryDecode(LinkType.Ethernet, frame[..length], out _), $"prefix {length}");
        }
    }

    public static TheoryData<string, LinkType, string> MalformedFrames => new()
    {
        { "IPv4 IHL 4", LinkType.Raw, "44000028 00000000 40060000 C0A8010A 5DB8D822 C3500050 00000001 00000002 50180200 00000000" },
        { "IPv4 total length below header", LinkType.Raw, "45000010 00000000 40060000 C0A8010A 5DB8D822 C3500050 00000001 00000002 50180200 00000000" },
        { "TCP data offset 4", LinkType.Raw, "45000028 00000000 40060000 C0A8010A 5DB8D822 C3500050 00000001 00000002 40180200 00000000" },
        { "TCP data offset past segment", LinkType.Raw, "45000028 00000000 40060000 C0A8010A 5DB8D822 C3500050 00000001 00000002 F0180200 00000000" },
        { "UDP length below 8", LinkType.Raw, "4500001C 00000000 40110000 C0A8010A 5DB8D822 C3500050 00040000" },
        { "UDP length beyond IP payload", LinkType.Raw, "4500001C 00000000 40110000 C0A8010A 5DB8D822 C3500050 00200000" },
        { "IP version 5", LinkType.Raw, "55000014 00000000 40060000 C0A8010A 5DB8D822" },
        { "empty raw frame", LinkType.Raw, "" },
        { "unknown link type", (LinkType)147, "45000028 00000000 40060000 C0A8010A 5DB8D822 C3500050 00000001 00000002 50180200 00000000" },
        { "802.3 length field", LinkType.Ethernet, "020000000002 020000000001 0028 45000028" },
        { "VLAN tag cut", LinkType.Ethernet, "020000000002 020000000001 8100 0064" },
        { "five stacked VLAN tags", LinkType.Ethernet, "020000000002 020000000001 8100 0001 8100 0002 8100 0003 8100 0004 8100 0005 0800 45000014 00000000 40060000 C0A8010A 5DB8D822" },
        { "Null unknown family", LinkType.Null, "07000000 45000014 00000000 40060000 C0A8010A 5DB8D822" },
        { "SLL too short", LinkType.LinuxSll, "0000 0001 0006 020000000001 0000 08" },
    };

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public void TryDecode_MalformedFrame_ReturnsFalse(string label, LinkType linkType, string hex)
    {
        Assert.False(PacketDecoder.TryDecode(linkType, Convert.FromHexString(hex.Replace(" ", "")), out _), label);
    }

    [Fact]
    public void TryDecode_SteadyState_AllocatesNothing()
    {
        byte[] frame = TestFrames.Ethernet(Tcp(true));
        Assert.True(PacketDecoder.TryDecode(LinkType.Ethernet, frame, out _));
        long before = GC.GetAllocatedBytesForCurrentThread();

        for (int i = 0; i < 1000; i++)
        {
            PacketDecoder.TryDecode(LinkType.Ethernet, frame, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static IPPacket Tcp(bool v6) =>
        TestFrames.TcpIp(v6 ? ClientV6 : ClientV4, v6 ? ServerV6 : ServerV4, 50443, 443, 0x01020304, 0xA0B0C0D0, TlsBytes);

    private static void AssertTcp(LinkType linkType, byte[] frame, bool v6)
    {
        Assert.True(PacketDecoder.TryDecode(linkType, frame, out TransportPacket packet));
        Assert.Equal(TransportProtocol.Tcp, packet.Protocol);
        Assert.Equal(v6, packet.Source.Address.IsV6);
        Assert.Equal((v6 ? ClientV6 : ClientV4).ToString(), packet.Source.Address.ToString());
        Assert.Equal((v6 ? ServerV6 : ServerV4).ToString(), packet.Destination.Address.ToString());
        Assert.Equal(50443, packet.Source.Port);
        Assert.Equal(443, packet.Destination.Port);
        Assert.Equal(0x01020304u, packet.SequenceNumber);
        Assert.Equal(0xA0B0C0D0u, packet.AcknowledgmentNumber);
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, packet.Flags);
        Assert.Equal(TlsBytes, packet.Payload.ToArray());
        Assert.False(packet.PayloadTruncated);
    }
}
