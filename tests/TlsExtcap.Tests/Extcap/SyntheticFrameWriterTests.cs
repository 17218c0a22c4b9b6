using System.Net;
using TlsExtcap.Core.Network;
using TlsExtcap.Extcap;

namespace TlsExtcap.Tests.Extcap;

/// <summary>The plaintext mode's fast frame writer produces exactly the bytes PacketDotNet builds.</summary>
public sealed class SyntheticFrameWriterTests
{
    public static TheoryData<string, string, string, int, bool, byte> Cases() => new()
    {
        { "v4 data", "10.0.0.1", "10.0.0.2", 1000, true, (byte)(TcpFlags.Ack | TcpFlags.Psh) },
        { "v4 odd length", "192.168.1.10", "8.8.8.8", 1, false, (byte)(TcpFlags.Ack | TcpFlags.Psh) },
        { "v4 empty ack", "127.0.0.1", "127.0.0.1", 0, true, (byte)TcpFlags.Ack },
        { "v4 largest segment", "127.0.0.1", "127.0.0.2", 60_000, false, (byte)(TcpFlags.Ack | TcpFlags.Psh) },
        { "v6 data", "2001:db8::1", "2001:db8::2", 1447, true, (byte)(TcpFlags.Ack | TcpFlags.Psh) },
        { "v6 syn", "fe80::1", "fe80::2", 0, true, (byte)TcpFlags.Syn },
        { "v6 fin", "::1", "::1", 3, false, (byte)(TcpFlags.Fin | TcpFlags.Ack) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tcp_SameBytesAsPacketDotNet(string label, string from, string to, int payloadLength, bool fromClient, byte flags)
    {
        var source = Endpoint(from, 50400);
        var destination = Endpoint(to, 8443);
        byte[] payload = new byte[payloadLength];
        new Random(payloadLength).NextBytes(payload);
        var tcpFlags = (TcpFlags)flags;
        byte[] expected = SyntheticFrames.Tcp(source, destination, fromClient, 0x01020304, 0xfffffff0,
            syn: (tcpFlags & TcpFlags.Syn) != 0, ack: (tcpFlags & TcpFlags.Ack) != 0, psh: (tcpFlags & TcpFlags.Psh) != 0, fin: (tcpFlags & TcpFlags.Fin) != 0, payload);
        byte[] frame = new byte[SyntheticFrameWriter.MaxFrameLength];
        int length = SyntheticFrameWriter.Tcp(frame, source, destination, fromClient, 0x01020304, 0xfffffff0, tcpFlags, payload);
        Assert.True(expected.AsSpan().SequenceEqual(frame.AsSpan(0, length)), $"{label}: {Convert.ToHexString(expected.AsSpan(0, Math.Min(80, expected.Length)))} != {Convert.ToHexString(frame.AsSpan(0, Math.Min(80, length)))}");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9999)]
    [InlineData(60_000)]
    public void Tcp_AllOnesPayload_ChecksumCarriesLikePacketDotNet(int payloadLength)
    {
        // Every word 0xffff: the end-around carry of the one's-complement sum is taken at every step.
        var source = Endpoint("255.255.255.254", 65535);
        var destination = Endpoint("255.255.255.255", 65535);
        byte[] payload = new byte[payloadLength];
        Array.Fill(payload, (byte)0xff);
        byte[] expected = SyntheticFrames.Tcp(source, destination, true, 0xffffffff, 0xffffffff, syn: false, ack: true, psh: true, fin: false, payload);
        byte[] frame = new byte[SyntheticFrameWriter.MaxFrameLength];
        int length = SyntheticFrameWriter.Tcp(frame, source, destination, true, 0xffffffff, 0xffffffff, TcpFlags.Ack | TcpFlags.Psh, payload);
        Assert.Equal(SyntheticFrameWriter.TcpFrameLength(source, payloadLength), length);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(frame, 0, length));
    }

    private static IpEndpoint Endpoint(string address, ushort port)
    {
        byte[] bytes = IPAddress.Parse(address).GetAddressBytes();
        return new IpEndpoint(bytes.Length == 4 ? IpAddressValue.FromV4(bytes) : IpAddressValue.FromV6(bytes), port);
    }
}
