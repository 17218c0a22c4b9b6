using System.Security.Cryptography;
using Serilog;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// Follows a key log file that applications append to while a capture runs (SSLKEYLOGFILE): each
/// <see cref="Poll"/> reads the complete lines added since the last one. A file that shrank
/// (truncated), was rotated or replaced (a new file at the path), or whose bytes before the read
/// position changed is read again from the start — the store ignores lines it already has; a
/// missing file is waited for. Only whole lines are parsed, so a line being written is taken on the
/// next poll. What was read is zeroed; the follower keeps only a hash of the bytes it compares.
/// </summary>
public sealed class KeyLogFollower
{
    private const int MaxChunk = 4 << 20;

    private readonly KeyStore _store;
    private readonly ILogger _log;
    private long _offset;
    private const int HeadLength = 64;

    /// <summary>
    /// Bytes before the read position that must be unchanged for the file to be the same one: NSS key
    /// logs all begin with the same comment and long labels, so the head alone cannot tell two apart.
    /// </summary>
    private const int TailLength = 64;

    private byte[] _head = [];
    private byte[]? _tailHash;
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
        int prefix;
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            // Truncated (shorter than what was read), replaced (its first bytes changed) or rewritten
            // (the bytes just before the read position changed): start over; the key store ignores
            // the lines it already has.
            if (length < _offset || !SameHead(stream, length) || !SameTail(stream))
            {
                _log.Information("Key log {File} was truncated, rotated or replaced: reading it from the start", Path);
                Restart();
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

            // Read from a little before the position: those bytes give the next tail check.
            prefix = (int)Math.Min(TailLength, _offset);
            stream.Seek(_offset - prefix, SeekOrigin.Begin);
            int want = prefix + (int)Math.Min(MaxChunk, length - _offset);
            chunk = new byte[want];
            int read = stream.ReadAtLeast(chunk, want, throwOnEndOfStream: false);
            Array.Resize(ref chunk, Math.Max(prefix, read));
        }
        catch (IOException ex)
        {
            _log.Warning("Cannot read key log {File}: {Error}", Path, ex.Message);
            return 0;
        }

        try
        {
            return Take(chunk, prefix, length);
        }
        finally
        {
            // The bytes hold secrets; the store has its own copies of what it took.
            CryptographicOperations.ZeroMemory(chunk);
        }
    }

    /// <summary>Parses the complete lines of <paramref name="chunk"/> after its <paramref name="prefix"/> bytes.</summary>
    private int Take(byte[] chunk, int prefix, long length)
    {
        var fresh = chunk.AsSpan(prefix);
        int complete = fresh.LastIndexOf((byte)'\n') + 1;
        if (complete < fresh.Length)
        {
            // A last line without a newline is taken once the file has stayed the same size for a
            // poll: a writer may still be in the middle of it.
            if (length == _stableLength)
            {
                complete = fresh.Length;
            }

            _stableLength = length;
        }

        if (complete == 0)
        {
            return 0;
        }

        var lines = fresh[..complete];
        var parsed = KeyLogParser.Parse(lines, Path);
        foreach (var error in parsed.Errors)
        {
            _log.Warning("{File} line {Line}: {Reason}, line skipped", Path, _lineNumber + error.LineNumber, error.Reason);
        }

        _lineNumber += lines.Count((byte)'\n');
        _offset += complete;
        int end = prefix + complete;
        _tailHash = SHA256.HashData(chunk.AsSpan(Math.Max(0, end - TailLength), Math.Min(TailLength, end)));
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
        _tailHash = null;
    }

    private bool SameTail(FileStream stream)
    {
        if (_tailHash is null || _offset == 0)
        {
            return true;
        }

        int length = (int)Math.Min(TailLength, _offset);
        Span<byte> tail = stackalloc byte[TailLength];
        stream.Seek(_offset - length, SeekOrigin.Begin);
        stream.ReadExactly(tail[..length]);
        bool same = SHA256.HashData(tail[..length]).AsSpan().SequenceEqual(_tailHash);
        CryptographicOperations.ZeroMemory(tail);
        return same;
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
