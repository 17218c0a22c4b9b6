using System.Buffers;
using System.Security.Cryptography;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Output;

/// <summary>
/// <c>--keylog-out</c>: an NSS key log the capture appends to when a key-log line arrives for a
/// connection whose frames already went out without it (released from hold-back, or never held).
/// Wireshark could not decrypt that connection from the stream; opening the saved capture with this
/// file as its key log (or reloading) still does. The file is created readable by its owner only
/// (0600) and only ever appended to; lines are written without going through strings, and the buffer
/// is zeroed. A closed connection keeps being watched by its client randoms until its keys are
/// complete (at most <see cref="MaxWatched"/> connections; the oldest go first). A write error is kept
/// (<see cref="Failure"/>) and reported once; the capture goes on.
/// </summary>
internal sealed class KeyLogOutput : IDisposable
{
    /// <summary>Connections watched at once for late lines.</summary>
    public const int MaxWatched = 64 * 1024;

    private static readonly string[] Tls13Labels =
        ["CLIENT_HANDSHAKE_TRAFFIC_SECRET ", "SERVER_HANDSHAKE_TRAFFIC_SECRET ", "CLIENT_TRAFFIC_SECRET_0 ", "SERVER_TRAFFIC_SECRET_0 "];

    private readonly FileStream _file;
    private readonly KeyStore _keys;
    private readonly Dictionary<TlsConnection, Watched> _open = [];
    private readonly LinkedList<Watched> _closed = new();

    private KeyLogOutput(string path, FileStream file, KeyStore keys)
    {
        Path = path;
        _file = file;
        _keys = keys;
    }

    public string Path { get; }

    public long LinesWritten { get; private set; }

    /// <summary>Connections watched for late lines, open and closed.</summary>
    public int Watching => _open.Count + _closed.Count;

    /// <summary>The first write error; once set, nothing more is written.</summary>
    public OutputException? Failure { get; private set; }

    /// <summary>Opens <paramref name="path"/> for appending, creating it with mode 0600 when it does not exist.</summary>
    /// <exception cref="OutputException">The file cannot be created or opened for writing.</exception>
    public static KeyLogOutput Open(string path, KeyStore keys)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            // An existing file keeps its mode (it may be a device or someone's own key log).
            return new KeyLogOutput(path, new FileStream(path, options), keys);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(path, ex, "nothing written");
        }
    }

    /// <summary>Watches <paramref name="connection"/>: its frames went out before its keys were complete.</summary>
    public void Track(TlsConnection connection)
    {
        if (!_open.ContainsKey(connection))
        {
            _open[connection] = new Watched { Connection = connection };
            Bound();
        }
    }

    /// <summary>The connection is closed and forgotten by the core: keep watching its client randoms only.</summary>
    public void Detach(TlsConnection connection)
    {
        if (!_open.Remove(connection, out var watched))
        {
            return;
        }

        watched.Randoms = [.. connection.ClientRandoms];
        watched.Snapshot = connection.ExportSecrets();
        watched.Connection = null;
        if (!watched.Complete)
        {
            _closed.AddLast(watched);
        }
    }

    /// <summary>Appends every key-log line of the watched connections not written yet; returns how many.</summary>
    public int WriteNew()
    {
        if (Failure is not null || Watching == 0)
        {
            return 0;
        }

        int lines = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            foreach (var watched in _open.Values)
            {
                lines += Write(watched, watched.Connection!.ExportSecrets(), buffer);
            }

            for (var node = _closed.First; node is not null;)
            {
                var next = node.Next;
                var watched = node.Value;
                lines += Write(watched, [.. watched.Snapshot, .. watched.Randoms.SelectMany(r => _keys.EntriesFor(r))], buffer);
                if (watched.Complete)
                {
                    _closed.Remove(node);
                }

                node = next;
            }

            if (lines > 0)
            {
                _file.Flush();
            }
        }
        catch (IOException ex)
        {
            // Only lines that reached the file (flushed) count as written.
            Failure = new OutputException(Path, ex, $"{LinesWritten} key-log lines");
            return 0;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            ArrayPool<byte>.Shared.Return(buffer);
        }

        LinesWritten += lines;
        return lines;
    }

    public void Dispose()
    {
        try
        {
            _file.Dispose();
        }
        catch (IOException ex)
        {
            // Flushing on close: the lines already reported written were flushed by WriteNew.
            Failure ??= new OutputException(Path, ex, $"{LinesWritten} key-log lines");
        }
    }

    private int Write(Watched watched, IEnumerable<KeyLogEntry> entries, byte[] buffer)
    {
        int lines = 0;
        foreach (var entry in entries)
        {
            if (entry.LineLength > buffer.Length || !watched.Written.Add(entry.Key))
            {
                continue;
            }

            int length = entry.WriteLine(buffer);
            _file.Write(buffer, 0, length);
            lines++;
        }

        return lines;
    }

    /// <summary>Over <see cref="MaxWatched"/>: the longest-closed connections are no longer watched.</summary>
    private void Bound()
    {
        while (Watching > MaxWatched && _closed.First is { } oldest)
        {
            _closed.Remove(oldest);
        }
    }

    /// <summary>One connection watched for late lines: itself while open, its client randoms once closed.</summary>
    private sealed class Watched
    {
        public TlsConnection? Connection { get; set; }

        public byte[][] Randoms { get; set; } = [];

        /// <summary>Its lines when it closed, with any master secret derived here (not in the key store).</summary>
        public IReadOnlyList<KeyLogEntry> Snapshot { get; set; } = [];

        /// <summary>Label and identifier of each line written (no secret).</summary>
        public HashSet<string> Written { get; } = [];

        /// <summary>A master secret, or the four TLS 1.3 traffic secrets, are out: nothing more to wait for.</summary>
        public bool Complete =>
            Written.Any(k => k.StartsWith("CLIENT_RANDOM ", StringComparison.Ordinal))
            || Tls13Labels.All(label => Written.Any(k => k.StartsWith(label, StringComparison.Ordinal)));
    }
}
