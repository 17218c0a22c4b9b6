using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Serilog;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// The per-capture key channel: a FIFO that only the same user can open, in a per-user folder
/// (<c>$XDG_RUNTIME_DIR/tlsextcap</c>, else <c>/tmp/tlsextcap-$UID</c>, mode 0700), named
/// <c>capture-&lt;pid&gt;.keys</c>. Key-log lines written into it (by <c>tlsinject push</c>, or by a
/// program whose SSLKEYLOGFILE points at it via <c>tlsinject run</c>) go straight into the capture's
/// key store. A FIFO rather than a socket, so that it can be an SSLKEYLOGFILE. Unix only.
/// </summary>
public sealed class KeyChannel : IDisposable
{
    private const int OpenReadWrite = 2;
    private const int OpenWriteOnly = 1;
    private const int OpenNonBlocking = 0x800;

    private readonly KeyStore _store;
    private readonly ILogger _log;
    private readonly FileStream _stream;
    private readonly Thread _reader;
    private volatile bool _disposed;

    private KeyChannel(string path, KeyStore store, ILogger log)
    {
        Path = path;
        _store = store;
        _log = log;
        // Opened read-write so the FIFO never reports end-of-file when a writer closes it.
        _stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "key-channel" };
        _reader.Start();
    }

    public string Path { get; }

    /// <summary>Key-log lines received so far.</summary>
    public int EntriesReceived { get; private set; }

    /// <summary>The per-user folder for channels; created with mode 0700.</summary>
    public static string Folder()
    {
        string? runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        string folder = !string.IsNullOrEmpty(runtime) && Directory.Exists(runtime)
            ? System.IO.Path.Combine(runtime, "tlsextcap")
            : System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tlsextcap-{geteuid()}");
        return folder;
    }

    /// <summary>Creates this process's channel. Null where FIFOs do not exist (Windows).</summary>
    public static KeyChannel? Create(KeyStore store, ILogger? logger = null)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        string folder = Folder();
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (File.GetUnixFileMode(folder) != (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        string path = System.IO.Path.Combine(folder, $"capture-{Environment.ProcessId}.keys");
        File.Delete(path);
        // mode 0600: only the same user can push keys.
        if (mkfifo(path, 0x180) != 0)
        {
            throw new IOException($"cannot create the key channel {path} (errno {Marshal.GetLastPInvokeError()})");
        }

        return new KeyChannel(path, store, logger ?? Serilog.Core.Logger.None);
    }

    /// <summary>Channels of running captures of this user (their process still alive).</summary>
    public static IReadOnlyList<(int ProcessId, string Path)> Running()
    {
        string folder = Folder();
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var list = new List<(int, string)>();
        foreach (string path in Directory.GetFiles(folder, "capture-*.keys"))
        {
            string name = System.IO.Path.GetFileNameWithoutExtension(path);
            if (int.TryParse(name["capture-".Length..], out int pid) && IsAlive(pid))
            {
                list.Add((pid, path));
            }
        }

        return list;
    }

    /// <summary>
    /// Opens a channel for writing without blocking: fails at once (IOException) when no capture is
    /// reading it.
    /// </summary>
    public static FileStream OpenForWriting(string path)
    {
        int fd = open(path, OpenWriteOnly | OpenNonBlocking);
        if (fd < 0)
        {
            throw new IOException($"{path}: no capture is reading this key channel (errno {Marshal.GetLastPInvokeError()})");
        }

        // Back to blocking writes once connected.
        int flags = fcntl(fd, 3, 0);
        fcntl(fd, 4, flags & ~OpenNonBlocking);
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0);
    }

    public void Dispose()
    {
        _disposed = true;
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }

        _stream.Dispose();
    }

    private void ReadLoop()
    {
        var buffer = new byte[8192];
        var pending = new List<byte>();
        try
        {
            while (!_disposed)
            {
                int read = _stream.Read(buffer);
                if (read <= 0)
                {
                    continue;
                }

                pending.AddRange(buffer.AsSpan(0, read));
                int end = pending.LastIndexOf((byte)'\n');
                if (end < 0)
                {
                    // Bound what a writer can make us hold without a newline.
                    if (pending.Count > KeyLogParser.MaxLineLength * 4)
                    {
                        pending.Clear();
                    }

                    continue;
                }

                byte[] lines = pending.GetRange(0, end + 1).ToArray();
                pending.RemoveRange(0, end + 1);
                var parsed = KeyLogParser.Parse(lines, "key channel");
                foreach (var error in parsed.Errors)
                {
                    _log.Warning("Key channel line {Line}: {Reason}, line skipped", error.LineNumber, error.Reason);
                }

                _store.AddRange(parsed.Entries);
                EntriesReceived += parsed.Entries.Count;
                _log.Information("Key channel: {Count} key-log lines received", parsed.Entries.Count);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Closed at the end of the capture.
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int command, int argument);

    [DllImport("libc")]
    private static extern uint geteuid();
}
