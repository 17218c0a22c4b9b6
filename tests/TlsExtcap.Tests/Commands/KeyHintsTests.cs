using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Commands;

/// <summary>Errors that say what to do next: why connections had no keys.</summary>
public sealed class KeyHintsTests
{
    [Fact]
    public void Summary_KeyLogOfAnotherProgram_SaysItHoldsOtherClientRandoms()
    {
        var (code, _, stderr) = Cli.Run("summary", Cli.Data("seed", "capture.pcap"), "--keylog", Cli.Data("http", "http1.keylog"));
        Assert.Equal(0, code);
        Assert.Contains("no keys for 1 of 1 encrypted connection: the key log has secrets for 1 other client random", stderr, StringComparison.Ordinal);
        Assert.Contains("was SSLKEYLOGFILE set for this program", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_NoKeyLog_SaysToGiveOne()
    {
        var (code, _, stderr) = Cli.Run("summary", Cli.Data("seed", "capture.pcap"));
        Assert.Equal(0, code);
        Assert.Contains("give the client's key log with --keylog <file>", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_RightKeyLog_GivesNoHint()
    {
        var (code, _, stderr) = Cli.Run("summary", Cli.Data("seed", "capture.pcap"), "--keylog", Cli.Data("seed", "keylog.txt"));
        Assert.Equal(0, code);
        Assert.DoesNotContain("no keys", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_KeyLogMissingApplicationSecrets_SaysItIsIncomplete()
    {
        string keys = Path.Combine(Path.GetTempPath(), $"tlsextcap-hint-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(keys, File.ReadAllLines(Cli.Data("seed", "keylog.txt")).Where(l => l.StartsWith("EXPORTER_SECRET", StringComparison.Ordinal)));
        try
        {
            var (_, _, stderr) = Cli.Run("summary", Cli.Data("seed", "capture.pcap"), "--keylog", keys);
            Assert.Contains("the key log has some of their secrets but not all", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(keys);
        }
    }
}
