using TlsExtcap.KeyInject.Tests.Support;

namespace TlsExtcap.KeyInject.Tests.Commands;

public sealed class DeriveCommandTests : IDisposable
{
    /// <summary>The seed's X25519 ephemeral private keys (seed/ephemeral-keys.txt).</summary>
    private const string SeedClientKey = "186b7a9daf3855fa090bf29a69391dc1ee788393f2dba58a23cab0f6b96d6355";
    private const string SeedServerKey = "d8b3916b7e1ed8d6fa07c7810eef53639b77e51e0fd8e044c1c9e1186fd63c49";

    private const string IllustratedClientKey = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The Illustrated sessions' X25519 keys (tls13.xargs.org, tls12.xargs.org): client 20 21 … 3f, server 90 91 … af.</summary>
    public static TheoryData<string, string> IllustratedKeys => new()
    {
        { "client", Convert.ToHexStringLower(Enumerable.Range(0x20, 32).Select(b => (byte)b).ToArray()) },
        { "server", Convert.ToHexStringLower(Enumerable.Range(0x90, 32).Select(b => (byte)b).ToArray()) },
    };

    [Theory]
    [InlineData("client", SeedClientKey)]
    [InlineData("server", SeedServerKey)]
    public void Derive_SeedWithEitherKey_ReproducesTheKeyLog(string side, string key)
    {
        var (code, stdout, stderr) = Cli.Run("derive", Cli.Data("seed", "capture.pcap"), "--private-key", key);

        Assert.True(code == 0, $"{side}: {stderr}");
        Assert.Equal(Cli.SortedLines(File.ReadAllText(Cli.Data("seed", "keylog.txt"))), Cli.SortedLines(stdout));
    }

    [Fact]
    public void Derive_SeedKeyFile_ReproducesTheKeyLog()
    {
        var (code, stdout, stderr) = Cli.Run("derive", Cli.Data("seed", "capture.pcap"), "--private-key", Cli.Data("seed", "ephemeral-keys.txt"),
            "-o", _temp.File("keys.txt"));

        Assert.True(code == 0, stderr);
        Assert.Equal("", stdout);
        Assert.Equal(Cli.SortedLines(File.ReadAllText(Cli.Data("seed", "keylog.txt"))), Cli.SortedLines(File.ReadAllText(_temp.File("keys.txt"))));
    }

    [Theory]
    [MemberData(nameof(IllustratedKeys))]
    public void Derive_IllustratedTls13WithEitherKey_ReproducesTheKeyLog(string side, string key)
    {
        var (code, stdout, stderr) = Cli.Run("derive", Cli.Data("illustrated-tls13", "capture.pcap"), "--private-key", key);

        Assert.True(code == 0, $"{side}: {stderr}");
        Assert.Equal(Cli.SortedLines(File.ReadAllText(Cli.Data("illustrated-tls13", "keylog.txt"))), Cli.SortedLines(stdout));
    }

    [Theory]
    [MemberData(nameof(IllustratedKeys))]
    public void Derive_IllustratedTls12WithEitherKey_ReproducesTheMasterSecret(string side, string key)
    {
        var (code, stdout, stderr) = Cli.Run("derive", Cli.Data("illustrated-tls12", "capture.pcap"), "--private-key", key);

        Assert.True(code == 0, $"{side}: {stderr}");
        Assert.Equal(Cli.SortedLines(File.ReadAllText(Cli.Data("illustrated-tls12", "keylog.txt"))), Cli.SortedLines(stdout));
    }

    [Fact]
    public void Derive_KeyOfAnotherSession_ExitsTwoSayingWhy()
    {
        var (code, stdout, stderr) = Cli.Run("derive", Cli.Data("seed", "capture.pcap"), "--private-key", IllustratedClientKey);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("no private key matches either X25519 key share", stderr);
        Assert.Contains("no secrets derived", stderr);
    }

    [Fact]
    public void Derive_ValueNeitherFileNorHex_ExitsTwoWithoutEchoingIt()
    {
        var (code, _, stderr) = Cli.Run("derive", Cli.Data("seed", "capture.pcap"), "--private-key", "not-a-key-zz");

        Assert.Equal(2, code);
        Assert.Contains("--private-key", stderr);
        Assert.DoesNotContain("not-a-key-zz", stderr);
    }

    [Fact]
    public void Derive_ThenInject_TsharkDecrypts()
    {
        Assert.Equal(0, Cli.Run("derive", Cli.Data("seed", "capture.pcap"), "-p", SeedServerKey, "-o", _temp.File("keys.txt")).Code);
        Assert.Equal(0, Cli.Run("inject", Cli.Data("seed", "capture.pcap"), "--keylog", _temp.File("keys.txt"), "-o", _temp.File("out.pcapng")).Code);

        using var tools = new WiresharkTools();
        Assert.Contains("deadbeef", tools.FollowTlsRaw(_temp.File("out.pcapng")));
    }
}
