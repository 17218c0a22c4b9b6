using TlsExtcap.Extcap;

namespace TlsExtcap.Tests.Extcap;

public class ExtcapArgumentsTests
{
    [Fact]
    public void Parse_CaptureArgvAnyOrder_ReadsValuesAndToleratesUnknown()
    {
        var args = ExtcapArguments.Parse(["--mode", "pdu", "--capture", "--future-flag=1", "--extcap-interface", "tls-replay", "--fifo", "/tmp/f", "--file", "a.pcap"]);

        Assert.True(args.Has("--capture"));
        Assert.Equal("tls-replay", args.Interface);
        Assert.Equal("/tmp/f", args.Get("--fifo"));
        Assert.Equal("pdu", args.Get("--mode"));
        Assert.Equal("a.pcap", args.Get("--file"));
        Assert.Equal("1", args.Get("--future-flag"));
    }

    [Theory]
    [InlineData("with equals", new[] { "--extcap-interfaces", "--extcap-version=4.2" }, 4, 2)]
    [InlineData("separate token", new[] { "--extcap-version", "4.4", "--extcap-interfaces" }, 4, 4)]
    [InlineData("without value", new[] { "--extcap-version", "--extcap-interfaces" }, 4, 0)]
    [InlineData("absent", new[] { "--extcap-interfaces" }, 4, 0)]
    public void Version_Forms_Parsed(string label, string[] argv, int major, int minor)
    {
        Assert.NotNull(label);
        var args = ExtcapArguments.Parse(argv);
        Assert.Equal(new ExtcapVersion(major, minor), args.Version);
        Assert.True(args.Has("--extcap-interfaces"));
    }

    [Theory]
    [InlineData(new[] { "--extcap-interfaces" }, true)]
    [InlineData(new[] { "--capture", "--fifo", "x" }, true)]
    [InlineData(new[] { "summary", "x.pcap" }, false)]
    public void IsExtcapCall_Detects(string[] argv, bool expected)
    {
        Assert.Equal(expected, ExtcapArguments.IsExtcapCall(argv));
    }
}
