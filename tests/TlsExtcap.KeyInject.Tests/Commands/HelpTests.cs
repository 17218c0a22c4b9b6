using TlsExtcap.KeyInject.Tests.Support;

namespace TlsExtcap.KeyInject.Tests.Commands;

/// <summary>Every tlsinject command's --help carries examples.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("inject")]
    [InlineData("extract")]
    [InlineData("derive")]
    [InlineData("push")]
    [InlineData("run")]
    public void Help_EveryCommand_ShowsExamples(string command)
    {
        var (code, stdout, _) = Cli.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Examples:", stdout, StringComparison.Ordinal);
        Assert.Contains($"tlsinject {command}", stdout, StringComparison.Ordinal);
    }
}
