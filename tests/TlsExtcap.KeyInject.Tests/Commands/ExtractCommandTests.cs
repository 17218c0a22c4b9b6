using TlsExtcap.KeyInject.Tests.Support;

namespace TlsExtcap.KeyInject.Tests.Commands;

public sealed class ExtractCommandTests : IDisposable
{
    private static readonly string SeedCapture = Cli.Data("seed", "capture.pcap");
    private static readonly string SeedKeyLog = Cli.Data("seed", "keylog.txt");

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Extract_AfterInject_ReturnsExactlyTheInjectedLines()
    {
        Assert.Equal(0, Cli.Run("inject", SeedCapture, "--keylog", SeedKeyLog, "-o", _temp.File("out.pcapng")).Code);

        var (code, stdout, stderr) = Cli.Run("extract", _temp.File("out.pcapng"));

        Assert.True(code == 0, stderr);
        Assert.Equal(Cli.SortedLines(File.ReadAllText(SeedKeyLog)), Cli.SortedLines(stdout));
        Assert.EndsWith("\n", stdout);
    }

    [Fact]
    public void Extract_OutputFile_WritesKeyLog()
    {
        Assert.Equal(0, Cli.Run("inject", SeedCapture, "--keylog", SeedKeyLog, "-o", _temp.File("out.pcapng")).Code);

        var (code, stdout, _) = Cli.Run("extract", _temp.File("out.pcapng"), "-o", _temp.File("keys.txt"));

        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        Assert.Equal(Cli.SortedLines(File.ReadAllText(SeedKeyLog)), Cli.SortedLines(File.ReadAllText(_temp.File("keys.txt"))));
    }

    [Fact]
    public void Extract_CaptureWithoutDsb_ExitsZeroWithNothing()
    {
        var (code, stdout, stderr) = Cli.Run("extract", SeedCapture);

        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        Assert.Contains("no TLS Decryption Secrets Block", stderr);
    }

    [Theory]
    [InlineData("inject")]
    [InlineData("extract")]
    [InlineData("derive")]
    public void Command_MissingCapture_ExitsTwoNamingFile(string command)
    {
        string missing = "/nonexistent/x.pcapng";
        string[] args = command switch
        {
            "inject" => ["inject", missing, "--keylog", SeedKeyLog, "-o", _temp.File("out.pcapng")],
            "extract" => ["extract", missing],
            _ => ["derive", missing, "--private-key", "00"],
        };

        var (code, _, stderr) = Cli.Run(args);

        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/x.pcapng", stderr);
    }

    [Theory]
    [InlineData("extract")]
    [InlineData("derive")]
    public void Command_GarbageCapture_ExitsTwoNamingFile(string command)
    {
        string garbage = _temp.File("garbage.pcapng");
        File.WriteAllText(garbage, "this is not a capture file at all");

        var (code, _, stderr) = command == "extract" ? Cli.Run(command, garbage) : Cli.Run(command, garbage, "--private-key", "00");

        Assert.Equal(2, code);
        Assert.Contains("garbage.pcapng", stderr);
    }
}
