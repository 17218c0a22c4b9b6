using TlsExtcap.Core.Keys;
using TlsExtcap.KeyInject.Tests.Support;

namespace TlsExtcap.KeyInject.Tests.Commands;

/// <summary>
/// <c>tlsinject run</c> in-process: the child is a shell that writes to $SSLKEYLOGFILE as a TLS stack
/// would (one line per write) and exits with a chosen code.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private static readonly string SeedLine = File.ReadAllLines(Cli.Data("seed", "keylog.txt"))[0];

    private readonly TempDirectory _temp = new();
    private readonly string _folder;

    public RunCommandTests()
    {
        _folder = _temp.File("channels");
        Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Run_ChildWritesSslKeyLogFile_KeysArriveAndChildExitCodeReturned()
    {
        var store = new KeyStore();
        using var channel = KeyChannel.Create(store, folder: _folder)!;
        string seen = _temp.File("sslkeylogfile.txt");

        var (code, _, stderr) = Cli.RunWith(null, _folder, "run", "--",
            "sh", "-c", "printf '%s\\n' \"$SSLKEYLOGFILE\" > \"$2\"; printf '%s\\n' \"$1\" >> \"$SSLKEYLOGFILE\"; exit 3", "sh", SeedLine, seen);

        Assert.True(code == 3, stderr);
        Assert.Equal(channel.Path, File.ReadAllText(seen).Trim());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (channel.EntriesReceived < 1 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Assert.Equal(1, store.Count);
        Assert.Equal(SeedLine, store.EntriesFor(Convert.FromHexString(SeedLine.Split(' ')[1])).Single().Format());
    }

    [Fact]
    public void Run_ChildEndedBySignal_Returns128PlusSignal()
    {
        using var channel = KeyChannel.Create(new KeyStore(), folder: _folder)!;

        var (code, _, _) = Cli.RunWith(null, _folder, "run", "--", "sh", "-c", "kill -TERM $$");

        Assert.Equal(128 + 15, code);
    }

    [Fact]
    public void Run_NoCaptureRunning_ExitsTwoWithoutStartingTheCommand()
    {
        string marker = _temp.File("started");

        var (code, _, stderr) = Cli.RunWith(null, _folder, "run", "--", "touch", marker);

        Assert.Equal(2, code);
        Assert.Contains("no running TlsExtcap capture", stderr);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Run_SeveralCaptures_AsksForCapture()
    {
        using var channel = KeyChannel.Create(new KeyStore(), folder: _folder)!;
        using var other = new OtherCapture(_folder);
        string marker = _temp.File("started");

        var (code, _, stderr) = Cli.RunWith(null, _folder, "run", "--", "touch", marker);

        Assert.Equal(1, code);
        Assert.Contains("choose one with --capture", stderr);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Run_CommandNotFound_Exits127()
    {
        using var channel = KeyChannel.Create(new KeyStore(), folder: _folder)!;

        var (code, _, stderr) = Cli.RunWith(null, _folder, "run", "--", "/nonexistent/program");

        Assert.Equal(127, code);
        Assert.Contains("/nonexistent/program", stderr);
    }
}
