using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Commands;

/// <summary>Help that teaches: every command's --help carries examples.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("root")]
    [InlineData("summary")]
    [InlineData("decrypt")]
    [InlineData("explain")]
    [InlineData("install")]
    [InlineData("doctor")]
    public void Help_EveryCommand_ShowsExamples(string command)
    {
        var (code, stdout, _) = command == "root" ? Cli.Run("--help") : Cli.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Examples:", stdout, StringComparison.Ordinal);
        Assert.Contains(command == "root" ? "tlsextcap summary" : $"tlsextcap {command}", stdout, StringComparison.Ordinal);
    }
}
