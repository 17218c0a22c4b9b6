using TlsExtcap.Core.Keys;
using TlsExtcap.KeyInject.Tests.Support;

namespace TlsExtcap.KeyInject.Tests.Commands;

/// <summary>
/// <c>tlsinject push</c> in-process against a real key channel (the extcap's reader, in this process) in a
/// folder of the test's own, so captures elsewhere on the machine never interfere.
/// </summary>
public sealed class PushCommandTests : IDisposable
{
    private static readonly string SeedKeyLog = Cli.Data("seed", "keylog.txt");

    private readonly TempDirectory _temp = new();
    private readonly string _folder;

    public PushCommandTests()
    {
        _folder = _temp.File("channels");
        Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => _temp.Dispose();

    private static string[] SeedLines() => Cli.SortedLines(File.ReadAllText(SeedKeyLog));

    [Fact]
    public void Push_NoCaptureRunning_ExitsTwoWithMessage()
    {
        var (code, stdout, stderr) = Cli.RunWith(File.ReadAllText(SeedKeyLog), _folder, "push");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("no running TlsExtcap capture", stderr);
        Assert.Contains(_folder, stderr);
    }

    [Fact]
    public void Push_SeveralCaptures_AsksForCapture()
    {
        using var channel = KeyChannel.Create(new KeyStore(), folder: _folder)!;
        using var other = new OtherCapture(_folder);

        var (code, _, stderr) = Cli.RunWith(File.ReadAllText(SeedKeyLog), _folder, "push");

        Assert.Equal(1, code);
        Assert.Contains("choose one with --capture", stderr);
        Assert.Contains(Environment.ProcessId.ToString(), stderr);
        Assert.Contains(other.ProcessId.ToString(), stderr);
    }

    [Fact]
    public void Push_SeveralCapturesWithCapture_SendsToTheChosenOne()
    {
        var store = new KeyStore();
        using var channel = KeyChannel.Create(store, folder: _folder)!;
        using var other = new OtherCapture(_folder);

        var (code, stdout, stderr) = Cli.RunWith(null, _folder, "push", "--capture", Environment.ProcessId.ToString(), "--keylog", SeedKeyLog);

        Assert.True(code == 0, stderr);
        Assert.Equal($"pushed 5 key-log lines to capture {Environment.ProcessId}\n", stdout.ReplaceLineEndings("\n"));
        Assert.Equal(SeedLines(), ReceivedSeedLines(channel, store));
    }

    [Fact]
    public void Push_UnknownCapture_ExitsTwoListingRunning()
    {
        using var channel = KeyChannel.Create(new KeyStore(), folder: _folder)!;

        var (code, _, stderr) = Cli.RunWith(null, _folder, "push", "--capture", "999999999", "--keylog", SeedKeyLog);

        Assert.Equal(2, code);
        Assert.Contains("no running TlsExtcap capture with process id 999999999", stderr);
        Assert.Contains($"running: {Environment.ProcessId}", stderr);
    }

    [Fact]
    public void Push_FromStdin_WellFormedLinesArriveAndBadLineReportedByNumber()
    {
        var store = new KeyStore();
        using var channel = KeyChannel.Create(store, folder: _folder)!;
        string[] lines = File.ReadAllLines(SeedKeyLog);
        string input = string.Join("\n", lines[..2]) + "\nCLIENT_RANDOM notahexvalue 00\n" + string.Join("\r\n", lines[2..]) + "\n";

        var (code, stdout, stderr) = Cli.RunWith(input, _folder, "push");

        Assert.True(code == 0, stderr);
        Assert.Contains("pushed 5 key-log lines", stdout);
        Assert.Contains("standard input line 3: BadHex, line skipped", stderr);
        Assert.DoesNotContain("notahexvalue", stderr);
        Assert.Equal(SeedLines(), ReceivedSeedLines(channel, store));
    }

    [Fact]
    public void Push_FromFile_LinesArrive()
    {
        var store = new KeyStore();
        using var channel = KeyChannel.Create(store, folder: _folder)!;
        string crlf = _temp.File("crlf.txt");
        File.WriteAllText(crlf, File.ReadAllText(SeedKeyLog).ReplaceLineEndings("\r\n"));

        var (code, stdout, stderr) = Cli.RunWith(null, _folder, "push", "--keylog", crlf);

        Assert.True(code == 0, stderr);
        Assert.Contains($"capture {Environment.ProcessId}", stdout);
        Assert.Equal(SeedLines(), ReceivedSeedLines(channel, store));
    }

    [Fact]
    public void Push_ManyLines_AllArriveInAtomicGroups()
    {
        var store = new KeyStore();
        using var channel = KeyChannel.Create(store, folder: _folder)!;
        string many = _temp.File("many.txt");
        File.WriteAllLines(many, Enumerable.Range(0, 1000).Select(i => $"CLIENT_RANDOM {i:x8}{new string('0', 56)} {new string('b', 96)}"));

        var (code, _, stderr) = Cli.RunWith(null, _folder, "push", "--keylog", many);

        Assert.True(code == 0, stderr);
        WaitForEntries(channel, 1000);
        Assert.Equal(1000, store.Count);
        Assert.Equal(0, channel.LinesRejected);
    }

    [Fact]
    public void Push_MissingKeyLog_ExitsTwoNamingFile()
    {
        using var channel = KeyChannel.Create(new KeyStore(), folder: _folder)!;

        var (code, _, stderr) = Cli.RunWith(null, _folder, "push", "--keylog", "/nonexistent/keys.txt");

        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/keys.txt", stderr);
    }

    [Fact]
    public void Push_NoWellFormedLine_ExitsTwo()
    {
        var store = new KeyStore();
        using var channel = KeyChannel.Create(store, folder: _folder)!;

        var (code, _, stderr) = Cli.RunWith("# only a comment\nnot a key log\n", _folder, "push");

        Assert.Equal(2, code);
        Assert.Contains("standard input: no key-log lines to push", stderr);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Push_CaptureEndsWhileReadingStdin_ExitsTwoSayingItEnded()
    {
        var store = new KeyStore();
        var channel = KeyChannel.Create(store, folder: _folder)!;
        string[] lines = File.ReadAllLines(SeedKeyLog);

        var (code, _, stderr) = Cli.RunWithReader(new CaptureEndingReader(channel, lines), _folder, "push");

        Assert.Equal(2, code);
        Assert.Contains("the capture stopped reading its key channel", stderr);
        Assert.Equal(1, store.Count);
    }

    private static void WaitForEntries(KeyChannel channel, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (channel.EntriesReceived < count && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Assert.Equal(count, channel.EntriesReceived);
    }

    /// <summary>Waits for the five seed lines, then returns what the store holds for the seed connection.</summary>
    private static string[] ReceivedSeedLines(KeyChannel channel, KeyStore store)
    {
        WaitForEntries(channel, 5);
        byte[] random = Convert.FromHexString(File.ReadAllLines(SeedKeyLog)[0].Split(' ')[1]);
        return store.EntriesFor(random).Select(e => e.Format()).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Standard input that stops the capture after its first line has been delivered.</summary>
    private sealed class CaptureEndingReader(KeyChannel channel, string[] lines) : TextReader
    {
        private int _next;

        public override string? ReadLine()
        {
            if (_next == 1)
            {
                WaitForEntries(channel, 1);
                channel.Dispose();
            }

            return _next < lines.Length ? lines[_next++] : null;
        }
    }
}
