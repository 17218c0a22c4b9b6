using TlsExtcap.Extcap;

namespace TlsExtcap.Tests.Extcap;

public class ExtcapDiscoveryTests
{
    private static readonly IReadOnlyList<(string, string)> Interfaces = [("eth0", "eth0"), ("lo", "lo (Loopback)")];

    [Fact]
    public void Interfaces_AnyVersion_ListsBothInterfacesAndControls()
    {
        var lines = ExtcapDiscovery.Interfaces().ToList();

        Assert.Equal($"extcap {{version={ExtcapDiscovery.Version}}}", lines[0]);
        Assert.Equal("interface {value=tls-replay}{display=TLS replay: decrypt a capture file}", lines[1]);
        Assert.Equal("interface {value=tls-live}{display=TLS live: decrypt a live interface}", lines[2]);
        Assert.Equal("control {number=0}{type=string}{display=TLS}{tooltip=connections / decrypted / waiting for keys / failed}", lines[3]);
        Assert.Equal("control {number=1}{type=button}{display=Reload keys}{tooltip=Read the key log files again}", lines[4]);
        Assert.Equal("control {number=2}{type=button}{role=logger}{display=Log}{tooltip=TlsExtcap messages}", lines[5]);
        Assert.Equal(6, lines.Count);
    }

    [Fact]
    public void Config_Replay40_SentenceBySentence()
    {
        var lines = ExtcapDiscovery.Config("tls-replay", new ExtcapVersion(4, 0), () => Interfaces).ToList();

        string[] expected =
        [
            "arg {number=0}{call=--file}{display=Capture file}{type=fileselect}{tooltip=pcap or pcapng file to replay (gzip-compressed files too)}{mustexist=true}{required=true}{group=Input}",
            "arg {number=1}{call=--keylog}{display=Key log file}{type=fileselect}{tooltip=NSS key log (SSLKEYLOGFILE); optional when the file carries Decryption Secrets Blocks}{mustexist=true}{group=Keys}",
            "arg {number=2}{call=--rsa-key}{display=RSA private key}{type=fileselect}{tooltip=Server RSA private key (PEM or PKCS#12) for static-RSA key exchange}{mustexist=true}{group=Keys}",
            "arg {number=3}{call=--mode}{display=Output}{type=selector}{tooltip=What goes into Wireshark}{group=Output}",
            "value {arg=3}{value=keys}{display=Original frames + keys (Wireshark decrypts)}{default=true}",
            "value {arg=3}{value=plaintext}{display=Decrypted data as plain TCP}",
            "value {arg=3}{value=pdu}{display=Decrypted messages as exported PDUs}",
            "arg {number=4}{call=--pace}{display=Pace}{type=selector}{tooltip=Replay as fast as possible, or with the original timing}{group=Input}",
            "value {arg=4}{value=asap}{display=As fast as possible}{default=true}",
            "value {arg=4}{value=original}{display=Original timing}",
            "arg {number=5}{call=--key-wait}{display=Wait for keys (seconds)}{type=double}{tooltip=How long a connection's frames are held back until its keys arrive}{default=3}{range=0,600}{group=Keys}",
            "arg {number=6}{call=--keylog-out}{display=Late keys file}{type=fileselect}{tooltip=Key-log lines that arrive after their connection was released are appended here (created 0600); open the saved capture with it to decrypt those connections}{mustexist=false}{group=Keys}",
            "arg {number=7}{call=--max-held-bytes}{display=Held-back bytes per connection}{type=string}{tooltip=Frames of one connection kept while it waits for keys; over this it is released without them}{default=4M}{validation=^[0-9]+[KkMmGg]?$}{group=Limits}",
            "arg {number=8}{call=--max-held-total}{display=Held-back bytes in all}{type=string}{tooltip=Frames kept for all waiting connections together; over this the connection waiting longest is released}{default=128M}{validation=^[0-9]+[KkMmGg]?$}{group=Limits}",
            "arg {number=9}{call=--max-handshake-bytes}{display=Largest handshake message}{type=string}{tooltip=A connection sending a bigger handshake message (certificate chain, hello) is not decrypted}{default=1M}{validation=^[0-9]+[KkMmGg]?$}{group=Limits}",
            "arg {number=10}{call=--max-reassembly-bytes}{display=TCP reassembly window}{type=string}{tooltip=Out-of-order bytes kept per TCP direction behind a lost segment; over this the connection is not decrypted}{default=16M}{validation=^[0-9]+[KkMmGg]?$}{group=Limits}",
            "arg {number=11}{call=--max-trial-records}{display=Trial decryption window}{type=unsigned}{tooltip=Records that may have been lost in a gap: sequence numbers tried per record before it is reported undecrypted}{default=64}{range=0,4096}{group=Limits}",
            "arg {number=12}{call=--log-level}{display=Log level}{type=selector}{group=Debug}",
            "value {arg=12}{value=error}{display=Error}",
            "value {arg=12}{value=warning}{display=Warning}{default=true}",
            "value {arg=12}{value=info}{display=Info}",
            "value {arg=12}{value=debug}{display=Debug}",
            "arg {number=13}{call=--log-file}{display=Log file}{type=fileselect}{mustexist=false}{group=Debug}",
            "arg {number=14}{call=--annotate}{display=Annotations}{type=selector}{tooltip=Field-by-field explanations in packet comments, shown by the TlsExtcap Lua dissector (keys mode)}{group=Output}",
            "value {arg=14}{value=handshake}{display=Every handshake field}{default=true}",
            "value {arg=14}{value=all}{display=Also decrypted application data}",
            "value {arg=14}{value=none}{display=Summary comments only}",
        ];
        Assert.Equal(expected, lines);
    }

    [Theory]
    [InlineData("4.0", "selector")]
    [InlineData("4.1", "selector")]
    [InlineData("4.2", "editselector")]
    [InlineData("4.4", "editselector")]
    [InlineData("5.0", "editselector")]
    public void Config_LiveByVersion_GatesEditSelector(string version, string type)
    {
        var lines = ExtcapDiscovery.Config("tls-live", ExtcapVersion.Parse(version), () => Interfaces).ToList();

        Assert.Equal($"arg {{number=0}}{{call=--interface}}{{display=Interface}}{{type={type}}}{{tooltip=Interface to capture with dumpcap}}{{required=true}}{{reload=true}}{{placeholder=Reload interfaces}}{{group=Input}}", lines[0]);
        Assert.Equal("value {arg=0}{value=eth0}{display=eth0}", lines[1]);
        Assert.Equal("value {arg=0}{value=lo}{display=lo (Loopback)}{default=true}", lines[2]);
        Assert.Contains("arg {number=1}{call=--keylog}{display=Key log file}{type=fileselect}{tooltip=SSLKEYLOGFILE that applications append to while the capture runs}{mustexist=false}{group=Keys}", lines);
        Assert.DoesNotContain(lines, l => l.Contains("--pace") || l.Contains("--file"));
    }

    [Fact]
    public void Config_Live_KeyLogOutAndLimitsSentenceBySentence()
    {
        var lines = ExtcapDiscovery.Config("tls-live", new ExtcapVersion(4, 0), () => Interfaces).ToList();

        // Live has no --pace: after --key-wait (4) come the same sentences as for replay, one number lower.
        string[] expected =
        [
            "arg {number=4}{call=--key-wait}{display=Wait for keys (seconds)}{type=double}{tooltip=How long a connection's frames are held back until its keys arrive}{default=3}{range=0,600}{group=Keys}",
            "arg {number=5}{call=--keylog-out}{display=Late keys file}{type=fileselect}{tooltip=Key-log lines that arrive after their connection was released are appended here (created 0600); open the saved capture with it to decrypt those connections}{mustexist=false}{group=Keys}",
            "arg {number=6}{call=--max-held-bytes}{display=Held-back bytes per connection}{type=string}{tooltip=Frames of one connection kept while it waits for keys; over this it is released without them}{default=4M}{validation=^[0-9]+[KkMmGg]?$}{group=Limits}",
            "arg {number=7}{call=--max-held-total}{display=Held-back bytes in all}{type=string}{tooltip=Frames kept for all waiting connections together; over this the connection waiting longest is released}{default=128M}{validation=^[0-9]+[KkMmGg]?$}{group=Limits}",
            "arg {number=8}{call=--max-handshake-bytes}{display=Largest handshake message}{type=string}{tooltip=A connection sending a bigger handshake message (certificate chain, hello) is not decrypted}{default=1M}{validation=^[0-9]+[KkMmGg]?$}{group=Limits}",
            "arg {number=9}{call=--max-reassembly-bytes}{display=TCP reassembly window}{type=string}{tooltip=Out-of-order bytes kept per TCP direction behind a lost segment; over this the connection is not decrypted}{default=16M}{validation=^[0-9]+[KkMmGg]?$}{group=Limits}",
            "arg {number=10}{call=--max-trial-records}{display=Trial decryption window}{type=unsigned}{tooltip=Records that may have been lost in a gap: sequence numbers tried per record before it is reported undecrypted}{default=64}{range=0,4096}{group=Limits}",
            "arg {number=11}{call=--log-level}{display=Log level}{type=selector}{group=Debug}",
        ];
        int start = lines.FindIndex(l => l.Contains("{call=--key-wait}"));
        Assert.Equal(expected, lines.Skip(start).Take(expected.Length));
        Assert.Equal("arg {number=12}{call=--log-file}{display=Log file}{type=fileselect}{mustexist=false}{group=Debug}", lines[^5]);
        Assert.Equal("value {arg=13}{value=handshake}{display=Every handshake field}{default=true}", lines[^3]);
    }

    [Fact]
    public void Reload_LiveInterface_OnlyValueLines()
    {
        var lines = ExtcapDiscovery.Reload("tls-live", "interface", () => Interfaces).ToList();

        Assert.Equal(["value {arg=0}{value=eth0}{display=eth0}", "value {arg=0}{value=lo}{display=lo (Loopback)}{default=true}"], lines);
    }

    [Fact]
    public void Dlts_Replay_Ethernet()
    {
        Assert.Equal(["dlt {number=1}{name=EN10MB}{display=Ethernet}"], ExtcapDiscovery.Dlts("tls-replay").ToList());
    }

    [Theory]
    [InlineData("newline", "a\nb", "a b")]
    [InlineData("brace pair", "x}{y", "x} {y")]
    [InlineData("plain", "plain", "plain")]
    public void Clean_Value_SafeForTokenizer(string label, string value, string expected)
    {
        Assert.NotNull(label);
        Assert.Equal(expected, SentenceBuilder.Clean(value));
    }

    [Fact]
    public void Run_Interfaces_WritesNothingToStderrAndExitsZero()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = ExtcapRunner.Run(["--extcap-interfaces", "--extcap-version=4.0", "--some-future-flag"], stdout, stderr);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr.ToString());
        Assert.StartsWith("extcap {version=", stdout.ToString());
    }

    [Fact]
    public void Run_ConfigUnknownInterface_EmptyAndZero()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = ExtcapRunner.Run(["--extcap-config", "--extcap-interface", "nope"], stdout, stderr);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stdout.ToString() + stderr.ToString());
    }
}
