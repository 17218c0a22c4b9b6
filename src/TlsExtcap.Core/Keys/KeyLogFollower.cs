using Serilog;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// Follows a key log file that applications append to while a capture runs (SSLKEYLOGFILE): each
/// <see cref="Poll"/> reads the complete lines added since the last one. A file that shrank
/// (truncated) or was replaced (a new file at the path) is read again from the start; a missing file
/// is waited for. Only whole lines are parsed, so a line being written is taken on the next poll.
/// </summary>
public sealed class KeyLogFollower
{
    private const int MaxChunk = 4 << 20;

    private readonly KeyStore _store;
    private readonly ILogger _log;
    private long _offset;
    private const int HeadLength = 64;

    private byte[] _head = [];
    private long _stableLength = -1;
    private int _lineNumber;

    public KeyLogFollower(string path, KeyStore store, ILogger? logger = null)
    {
        Path = path;
        _store = store;
        _log = logger ?? Serilog.Core.Logger.None;
    }

    public string Path { get; }

    /// <summary>Key-log lines taken so far.</summary>
    public int EntriesRead { get; private set; }

    /// <summary>Reads what was appended; returns the number of new entries.</summary>
    public int Poll()
    {
        FileInfo info;
        try
        {
            info = new FileInfo(Path);
            if (!info.Exists)
            {
                return 0;
            }
        }
        catch (IOException)
        {
            return 0;
        }

        long length = info.Length;
        byte[] chunk;
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            // Truncated (shorter than what was read) or replaced (its first bytes changed): start over;
            // the key store ignores the lines it already has.
            if (length < _offset || !SameHead(stream, length))
            {
                _offset = 0;
                _lineNumber = 0;
                _head = [];
            }

            if (_head.Length < HeadLength && length > _head.Length)
            {
                stream.Seek(0, SeekOrigin.Begin);
                _head = new byte[(int)Math.Min(HeadLength, length)];
                stream.ReadExactly(_head);
            }

            if (length == _offset)
            {
                return 0;
            }

            stream.Seek(_offset, SeekOrigin.Begin);
            int want = (int)Math.Min(MaxChunk, length - _offset);
            chunk = new byte[want];
            int read = stream.ReadAtLeast(chunk, want, throwOnEndOfStream: false);
            Array.Resize(ref chunk, read);
        }
        catch (IOException ex)
        {
            _log.Warning("Cannot read key log {File}: {Error}", Path, ex.Message);
            return 0;
        }

        int complete = Array.LastIndexOf(chunk, (byte)'\n') + 1;
        if (complete < chunk.Length)
        {
            // A last line without a newline is taken once the file has stayed the same size for a
            // poll: a writer may still be in the middle of it.
            if (length == _stableLength)
            {
                complete = chunk.Length;
            }

            _stableLength = length;
        }

        if (complete == 0)
        {
            return 0;
        }

        var parsed = KeyLogParser.Parse(chunk.AsSpan(0, complete), Path);
        foreach (var error in parsed.Errors)
        {
            _log.Warning("{File} line {Line}: {Reason}, line skipped", Path, _lineNumber + error.LineNumber, error.Reason);
        }

        _lineNumber += chunk.AsSpan(0, complete).Count((byte)'\n');
        _offset += complete;
        _store.AddRange(parsed.Entries);
        EntriesRead += parsed.Entries.Count;
        return parsed.Entries.Count;
    }

    /// <summary>Reads the whole file again on the next poll (the toolbar's "reload keys").</summary>
    public void Restart()
    {
        _offset = 0;
        _lineNumber = 0;
        _head = [];
    }

    private bool SameHead(FileStream stream, long length)
    {
        if (_head.Length == 0)
        {
            return true;
        }

        if (length < _head.Length)
        {
            return false;
        }

        Span<byte> now = stackalloc byte[_head.Length];
        stream.Seek(0, SeekOrigin.Begin);
        stream.ReadExactly(now);
        return now.SequenceEqual(_head);
    }
}
