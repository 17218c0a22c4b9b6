using System.Diagnostics;
using System.Text;
using TlsExtcap.Core.Keys;
using Xunit;

namespace TlsExtcap.Core.Tests.Keys;

/// <summary>
/// The Linux key channel over real FIFOs, each test in its own folder (never the user's real one, which
/// other captures on the machine may use). File types, modes and owners are checked with stat(1), not with
/// the code under test.
/// </summary>
public sealed class KeyChannelTests : IDisposable
{
    private static readonly string[] SeedLines = KeyLogParserTests.SeedKeyLog.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private readonly string _root = Directory.CreateTempSubdirectory("tlsextcap-channel-test-").FullName;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
    }

    private string Folder => Path.Combine(_root, "channels");

    [Fact]
    public void Create_NewFolder_FifoMode0600InFolderMode0700()
    {
        using var channel = KeyChannel.Create(new KeyStore(), folder: Folder)!;

        string user = Tool("id", "-u");
        Assert.Equal(Path.Combine(Folder, $"capture-{Environment.ProcessId}.keys"), channel.Path);
        Assert.Equal($"directory 700 {user}", Tool("stat", "-c", "%F %a %u", Folder));
        Assert.Equal($"fifo 600 {user}", Tool("stat", "-c", "%F %a %u", channel.Path));
    }

    [Fact]
    public void Create_FolderOpenToOthers_ClosedTo0700()
    {
        Directory.CreateDirectory(Folder);
        File.SetUnixFileMode(Folder, (UnixFileMode)0x1FF); // 0777

        using var channel = KeyChannel.Create(new KeyStore(), folder: Folder)!;

        Assert.Equal("700", Tool("stat", "-c", "%a", Folder));
    }

    [Fact]
    public void Create_FolderOfAnotherUser_ThrowsUnsafeFolder()
    {
        string foreign;
        if (Tool("id", "-u") == "0")
        {
            foreign = Folder;
            Directory.CreateDirectory(foreign, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Tool("chown", "65534", foreign);
        }
        else
        {
            // Not root: a folder of root's will do.
            foreign = "/";
        }

        var error = Assert.Throws<KeyChannelException>(() => KeyChannel.Create(new KeyStore(), folder: foreign));

        Assert.Equal(KeyChannelError.UnsafeFolder, error.Reason);
        Assert.Contains("belongs to user id", error.Message);
        Assert.Empty(Directory.GetFiles(foreign, "capture-*.keys"));
    }

    [Fact]
    public void Create_FolderIsSymbolicLink_ThrowsUnsafeFolder()
    {
        string real = Path.Combine(_root, "real");
        Directory.CreateDirectory(real, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateSymbolicLink(Folder, real);

        var error = Assert.Throws<KeyChannelException>(() => KeyChannel.Create(new KeyStore(), folder: Folder));

        Assert.Equal(KeyChannelError.UnsafeFolder, error.Reason);
        Assert.Empty(Directory.GetFiles(real));
    }

    [Fact]
    public void Create_StaleChannelOfDeadProcess_Removed()
    {
        Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string stale = MakeFifo($"capture-{DeadProcessId()}.keys");

        using var channel = KeyChannel.Create(new KeyStore(), folder: Folder)!;

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(channel.Path));
    }

    [Fact]
    public void Channel_SplitCrLfAndBadLines_WellFormedLinesReachStore()
    {
        var store = new KeyStore();
        using var channel = KeyChannel.Create(store, folder: Folder)!;

        using (var writer = KeyChannel.OpenForWriting(channel.Path))
        {
            byte[] first = Encoding.ASCII.GetBytes(SeedLines[0] + "\n");
            writer.Write(first.AsSpan(0, 50));
            Thread.Sleep(100); // the reader sees the half line on its own
            writer.Write(first.AsSpan(50));
            writer.Write(Encoding.ASCII.GetBytes(SeedLines[1] + "\r\n" + "CLIENT_RANDOM nothex 00\n"));
            writer.Write(Encoding.ASCII.GetBytes(string.Join("\n", SeedLines[2..]) + "\n"));
        }

        WaitUntil(() => channel.EntriesReceived == 5 && channel.LinesRejected == 1);
        Assert.Equal(5, store.Count);
        Assert.Equal(
            KeyLogParser.Parse(Encoding.ASCII.GetBytes(KeyLogParserTests.SeedKeyLog), "seed").Entries.Select(e => e.Format()),
            store.EntriesFor(Convert.FromHexString(KeyLogParserTests.SeedClientRandom)).Select(e => e.Format()));
    }

    [Fact]
    public void Channel_ConcurrentWriters_EveryLineArrives()
    {
        var store = new KeyStore();
        using var channel = KeyChannel.Create(store, folder: Folder)!;

        // Four writers, 200 distinct lines each, one write per line (as TLS stacks write their key logs).
        Parallel.For(0, 4, writer =>
        {
            using var stream = KeyChannel.OpenForWriting(channel.Path);
            for (int i = 0; i < 200; i++)
            {
                string random = $"{writer:x2}{i:x4}".PadRight(64, '0');
                stream.Write(Encoding.ASCII.GetBytes($"CLIENT_RANDOM {random} {new string('a', 96)}\n"));
            }
        });

        WaitUntil(() => channel.EntriesReceived == 800);
        Assert.Equal(800, store.Count);
        Assert.Equal(0, channel.LinesRejected);
    }

    [Fact]
    public void Running_LiveChannelAndLeftovers_ListsOnlyLiveChannel()
    {
        using var channel = KeyChannel.Create(new KeyStore(), folder: Folder)!;
        MakeFifo($"capture-{DeadProcessId()}.keys");   // its process is gone
        MakeFifo("capture-1.keys");                     // a live pid, but nobody reads it
        File.WriteAllText(Path.Combine(Folder, "capture-2.keys"), "");  // not a FIFO
        MakeFifo("capture-x.keys");                     // not a pid

        var running = KeyChannel.Running(Folder);

        Assert.Equal([new KeyChannelInfo(Environment.ProcessId, channel.Path)], running);
    }

    [Fact]
    public void Running_NoFolder_Empty()
    {
        Assert.Empty(KeyChannel.Running(Path.Combine(_root, "missing")));
    }

    [Fact]
    public void Dispose_RemovesFifo_AndLaterWritersGetNotFound()
    {
        var channel = KeyChannel.Create(new KeyStore(), folder: Folder)!;
        string path = channel.Path;

        channel.Dispose();

        Assert.False(File.Exists(path));
        Assert.Empty(KeyChannel.Running(Folder));
        var error = Assert.Throws<KeyChannelException>(() => KeyChannel.OpenForWriting(path));
        Assert.Equal(KeyChannelError.NotFound, error.Reason);
    }

    [Fact]
    public void OpenForWriting_NobodyReads_FailsFastWithNoReader()
    {
        Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string fifo = MakeFifo($"capture-{Environment.ProcessId}.keys");
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<KeyChannelException>(() => KeyChannel.OpenForWriting(fifo));

        Assert.Equal(KeyChannelError.NoReader, error.Reason);
        Assert.Contains("no capture is reading", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void OpenForWriting_RegularFile_ThrowsNotAChannel()
    {
        Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string file = Path.Combine(Folder, "capture-1.keys");
        File.WriteAllText(file, "");

        var error = Assert.Throws<KeyChannelException>(() => KeyChannel.OpenForWriting(file));

        Assert.Equal(KeyChannelError.NotAChannel, error.Reason);
        Assert.Equal(0, new FileInfo(file).Length);
    }

    private string MakeFifo(string name)
    {
        string path = Path.Combine(Folder, name);
        Tool("mkfifo", "-m", "600", path);
        return path;
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Assert.True(condition(), "timed out waiting for the key channel");
    }

    private static string Tool(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {error}");
        return output.Trim();
    }
}
