using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Commands;

/// <summary><c>tlsextcap doctor</c> run as a program in a temporary HOME against the real tshark and dumpcap.</summary>
public sealed class DoctorCommandTests
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "tlsextcap");

    [Fact]
    public void Doctor_FreshHome_ReportsTheMissingExtcapWithItsFix()
    {
        using var home = new Tshark(install: false);
        var (code, stdout, _) = home.Run(Program, ["doctor"], TimeSpan.FromSeconds(90));
        Assert.Equal(4, code);
        Assert.Contains("PROBLEM  extcap: not installed in", stdout, StringComparison.Ordinal);
        Assert.Contains("PROBLEM  Lua dissector:", stdout, StringComparison.Ordinal);
        Assert.Contains("fix: tlsextcap install", stdout, StringComparison.Ordinal);
        Assert.Contains("ok       tshark: TShark (Wireshark) 4.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_AfterInstall_FindsNoProblem()
    {
        using var home = new Tshark(install: true);
        var (code, stdout, _) = home.Run(Program, ["doctor"], TimeSpan.FromSeconds(90));
        Assert.True(code == 0, stdout);
        Assert.Contains("ok       extcap: installed in", stdout, StringComparison.Ordinal);
        Assert.Contains("current", stdout, StringComparison.Ordinal);
        Assert.Contains("ok       interfaces: tshark -D lists tls-replay and tls-live", stdout, StringComparison.Ordinal);
        Assert.Contains("ok       Lua dissector: installed in", stdout, StringComparison.Ordinal);
        Assert.Contains("No problems found.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_KeyLogOfTheCapture_CoversEveryConnection()
    {
        var (_, stdout, _) = Cli.Run("doctor", "--keylog", Cli.Data("seed", "keylog.txt"), "--file", Cli.Data("seed", "capture.pcap"));
        Assert.Contains("5 line(s) for 1 connection(s), 0 bad line(s)", stdout, StringComparison.Ordinal);
        Assert.Contains("ok       coverage: the key log covers all 1 TLS connection(s)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_KeyLogOfAnotherProgram_IsAProblemWithItsFix()
    {
        var (code, stdout, _) = Cli.Run("doctor", "--keylog", Cli.Data("http", "http1.keylog"), "--file", Cli.Data("seed", "capture.pcap"));
        Assert.Equal(4, code);
        Assert.Contains("PROBLEM  coverage: the key log covers 0 of the 1 TLS connection(s)", stdout, StringComparison.Ordinal);
        Assert.Contains("set SSLKEYLOGFILE before starting the program", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_MissingKeyLog_SaysHowToCreateIt()
    {
        var (code, stdout, _) = Cli.Run("doctor", "--keylog", "/nonexistent/keys.txt");
        Assert.Equal(4, code);
        Assert.Contains("PROBLEM  key log: /nonexistent/keys.txt does not exist", stdout, StringComparison.Ordinal);
        Assert.Contains("SSLKEYLOGFILE=/nonexistent/keys.txt curl", stdout, StringComparison.Ordinal);
    }
}
