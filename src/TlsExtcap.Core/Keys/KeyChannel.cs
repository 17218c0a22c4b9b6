using System.Security.Cryptography;
using Serilog;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// A running capture's key channel: key-log lines written into it (by <c>tlsinject push</c>, or by a
/// program whose SSLKEYLOGFILE names it, via <c>tlsinject run</c>) go straight into the capture's
/// <see cref="KeyStore"/>, so connections held back for keys decrypt as soon as their keys arrive.
/// </summary>
/// <remarks>
/// <para>Linux: a FIFO <c>capture-&lt;pid&gt;.keys</c>, mode 0600, in a per-user folder of mode 0700 owned by
/// the user (<see cref="DefaultFolder"/>), so that only the same user (and root) can open it. A FIFO
/// rather than a socket, so that it can be an SSLKEYLOGFILE. The capture holds it open for reading and
/// writing: a writer closing its end is not an end of file, and writers never get EPIPE while the capture
/// runs. Writes of whole lines of at most PIPE_BUF (4096) bytes are atomic (pipe(7)), so concurrent
/// writers that write one line per write(2) — OpenSSL, NSS, BoringSSL, <c>tlsinject push</c> — never mix.</para>
/// <para>Windows: the named pipe <c>\\.\pipe\tlsextcap-&lt;user&gt;-&lt;pid&gt;</c>, restricted to the current user
/// (untested). Other systems: not available (<see cref="Create"/> returns null).</para>
/// </remarks>
public sealed partial class KeyChannel : IDisposable
{
    private const int ReadChunk = 8192;

    private readonly KeyStore _store;
    private readonly ILogger _log;
    private int _entriesReceived;
    private int _linesRejected;
    private int _disposed;

    private KeyChannel(string path, KeyStore store, ILogger log)
    {
        Path = path;
        _store = store;
        _log = log;
    }

    /// <summary>The FIFO or pipe path to write key-log lines into (an SSLKEYLOGFILE value).</summary>
    public string Path { get; }

    /// <summary>This process: the id <c>tlsinject push --capture</c> takes.</summary>
    public int ProcessId => Environment.ProcessId;

    /// <summary>Key-log entries received so far (duplicates included).</summary>
    public int EntriesReceived => Volatile.Read(ref _entriesReceived);

    /// <summary>Lines rejected so far (reported by number and reason in the log, never by content).</summary>
    public int LinesRejected => Volatile.Read(ref _linesRejected);

    /// <summary>
    /// Creates this process's channel and starts reading it. Returns null where channels are not
    /// implemented (macOS and other non-Linux Unix systems).
    /// </summary>
    /// <param name="store">Receives every well-formed line.</param>
    /// <param name="logger">Counts, line numbers and reasons only, never key material.</param>
    /// <param name="folder">The per-user folder (Unix); <see cref="DefaultFolder"/> when null. Tests pass their own.</param>
    /// <exception cref="KeyChannelException">The folder is unsafe or the FIFO cannot be created.</exception>
    public static KeyChannel? Create(KeyStore store, ILogger? logger = null, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var log = (logger ?? Serilog.Core.Logger.None).ForContext<KeyChannel>();
        if (OperatingSystem.IsWindows())
        {
            var pipe = new KeyChannel(WindowsPipePath(Environment.ProcessId), store, log);
            pipe.StartPipeServer();
            return pipe;
        }

        if (!OperatingSystem.IsLinux())
        {
            log.Information("No key channel: not implemented on this operating system");
            return null;
        }

        folder ??= DefaultFolder();
        PrepareFolder(folder, log);
        RemoveStale(folder, log);
        string path = System.IO.Path.Combine(folder, ChannelFileName(Environment.ProcessId));
        // Whatever has our pid's name is a leftover: that process is gone, the pid is ours now.
        File.Delete(path);
        KeyChannelNative.MakeFifo(path, OwnerReadWrite);
        // The umask may have taken bits away; set exactly 0600.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var channel = new KeyChannel(path, store, log);
        try
        {
            channel.StartFifoReader();
        }
        catch
        {
            channel.Dispose();
            throw;
        }

        return channel;
    }

    /// <summary>Removes the channel (late writers find nothing rather than a FIFO nobody reads) and stops reading.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            StopPipeServer();
        }
        else
        {
            StopFifoReader();
        }
    }

    private bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    /// <summary>Parses what a writer sent and adds the complete lines to the store.</summary>
    private void Deliver(KeyLogParseResult parsed)
    {
        foreach (var error in parsed.Errors)
        {
            // Never the line itself: it may hold a secret.
            _log.Warning("Key channel line {Line}: {Reason}, line skipped", error.LineNumber, error.Reason);
        }

        Interlocked.Add(ref _linesRejected, parsed.Errors.Count);
        if (parsed.Entries.Count == 0)
        {
            return;
        }

        // KeyStore.AddRange takes its lock once for the batch; the capture thread sees the new version.
        _store.AddRange(parsed.Entries);
        Interlocked.Add(ref _entriesReceived, parsed.Entries.Count);
        _log.Information("Key channel: {Count} key-log lines received", parsed.Entries.Count);
    }

    private void Deliver(KeyLogStreamParser parser, Span<byte> chunk)
    {
        try
        {
            Deliver(parser.Append(chunk));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(chunk);
        }
    }
}
