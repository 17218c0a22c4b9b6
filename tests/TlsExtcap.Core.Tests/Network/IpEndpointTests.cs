using System.Net;
using TlsExtcap.Core.Network;
using Xunit;

namespace TlsExtcap.Core.Tests.Network;

public sealed class IpEndpointTests
{
    [Theory]
    [InlineData("v4", "1.2.3.4", 443, "1.2.3.4:443")]
    [InlineData("v4 port 0", "127.0.0.1", 0, "127.0.0.1:0")]
    [InlineData("v6 loopback", "::1", 443, "[::1]:443")]
    [InlineData("v6 mapped", "::ffff:10.0.0.1", 65535, "[::ffff:10.0.0.1]:65535")]
    [InlineData("v6 global", "2001:db8::8a2e:370:7334", 8443, "[2001:db8::8a2e:370:7334]:8443")]
    public void ToString_Endpoint_MatchesIPEndPointText(string label, string address, int port, string expected)
    {
        _ = label;
        IPAddress ip = IPAddress.Parse(address);
        byte[] bytes = ip.GetAddressBytes();
        var endpoint = new IpEndpoint(bytes.Length == 4 ? IpAddressValue.FromV4(bytes) : IpAddressValue.FromV6(bytes), (ushort)port);

        Assert.Equal(expected, endpoint.ToString());
        Assert.Equal(new IPEndPoint(ip, port).ToString(), endpoint.ToString());
    }

    [Fact]
    public void Equals_SameAddressDifferentPort_AreNotEqual()
    {
        IpAddressValue address = IpAddressValue.FromV4([10, 0, 0, 1]);

        Assert.NotEqual(new IpEndpoint(address, 1), new IpEndpoint(address, 2));
        Assert.Equal(new IpEndpoint(address, 1), new IpEndpoint(address, 1));
        Assert.True(new IpEndpoint(address, 1) == new IpEndpoint(IpAddressValue.FromV4([10, 0, 0, 1]), 1));
    }
}
