using System.Net;
using TlsExtcap.Core.Network;
using Xunit;

namespace TlsExtcap.Core.Tests.Network;

public sealed class IpAddressValueTests
{
    [Theory]
    [InlineData("loopback v4", "127.0.0.1")]
    [InlineData("any v4", "0.0.0.0")]
    [InlineData("broadcast", "255.255.255.255")]
    [InlineData("private", "10.20.30.40")]
    [InlineData("loopback v6", "::1")]
    [InlineData("any v6", "::")]
    [InlineData("documentation", "2001:db8::1")]
    [InlineData("first of two equal runs", "2001:db8:0:0:1:0:0:1")]
    [InlineData("longer second run", "2001:0:0:1:0:0:0:1")]
    [InlineData("single zero group not compressed", "2001:db8:0:1:1:1:1:1")]
    [InlineData("trailing run", "1:0:0:0:0:0:0:0")]
    [InlineData("no zeros", "1:2:3:4:5:6:7:8")]
    [InlineData("link-local", "fe80::1:2:3:4")]
    [InlineData("upper-case input", "FE80::ABCD:EF01")]
    [InlineData("IPv4-mapped", "::ffff:1.2.3.4")]
    [InlineData("IPv4-compatible", "::1.2.3.4")]
    [InlineData("IPv4-translated", "::ffff:0:1.2.3.4")]
    [InlineData("ISATAP", "fe80::5efe:1.2.3.4")]
    [InlineData("small last group", "::0.0.1.2")]
    [InlineData("mapped any", "::ffff:0.0.0.0")]
    [InlineData("mapped with 0 third octet", "::ffff:0:0")]
    public void ToString_Address_MatchesSystemNetIPAddress(string label, string text)
    {
        _ = label;
        IPAddress expected = IPAddress.Parse(text);
        byte[] bytes = expected.GetAddressBytes();
        IpAddressValue value = bytes.Length == 4 ? IpAddressValue.FromV4(bytes) : IpAddressValue.FromV6(bytes);

        Assert.Equal(expected.ToString(), value.ToString());
        Assert.Equal(bytes.Length == 16, value.IsV6);
    }

    [Fact]
    public void ToString_RandomV6WithZeroRuns_MatchesSystemNetIPAddress()
    {
        var random = new Random(5952);
        var bytes = new byte[16];
        for (int i = 0; i < 5000; i++)
        {
            random.NextBytes(bytes);
            for (int group = 0; group < 8; group++)
            {
                // Make zero groups common so every compression case turns up.
                if (random.Next(3) != 0)
                {
                    bytes[group * 2] = 0;
                    bytes[(group * 2) + 1] = random.Next(4) == 0 ? (byte)random.Next(256) : (byte)0;
                }
            }

            Assert.Equal(new IPAddress(bytes).ToString(), IpAddressValue.FromV6(bytes).ToString());
        }
    }

    [Fact]
    public void WriteTo_V6_RoundTripsBytes()
    {
        byte[] bytes = IPAddress.Parse("2001:db8:1:2:3:4:5:6").GetAddressBytes();
        var destination = new byte[16];

        IpAddressValue.FromV6(bytes).WriteTo(destination);

        Assert.Equal(bytes, destination);
    }

    [Fact]
    public void WriteTo_V4_WritesFourBytes()
    {
        var destination = new byte[4];

        IpAddressValue.FromV4([192, 168, 1, 2]).WriteTo(destination);

        Assert.Equal([192, 168, 1, 2], destination);
    }

    [Fact]
    public void Equals_SameBytesDifferentFamily_AreNotEqual()
    {
        IpAddressValue v4 = IpAddressValue.FromV4([0, 0, 0, 1]);
        IpAddressValue v6 = IpAddressValue.FromV6(IPAddress.IPv6Loopback.GetAddressBytes());

        Assert.NotEqual(v4, v6);
        Assert.Equal(IpAddressValue.FromV4([0, 0, 0, 1]), v4);
        Assert.Equal(IpAddressValue.FromV4([0, 0, 0, 1]).GetHashCode(), v4.GetHashCode());
    }

    [Fact]
    public void FromV4_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => IpAddressValue.FromV4([1, 2, 3]));
    }
}
