using System.Text;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Output;

/// <summary>
/// Writes each connection's decrypted application data per direction into its own file, named from
/// the endpoints with only safe characters: <c>0001_127.0.0.1_50400-127.0.0.1_8443.c2s.bin</c>. The
/// writes run on a thread of their own (<see cref="WriteBehind"/>), overlapping the decryption; a write
/// that failed is reported at the next record or at <see cref="Complete"/>.
/// </summary>
internal sealed class StreamExportSink : ITlsEventSink, IDisposable
{
    private readonly string _directory;
    /// <summary>Stream files kept open at once; more are closed and reopened for appending.</summary>
    public const int MaxOpenFiles = 256;

    /// <summary>Bytes gathered per write call (held per open file while it fills).</summary>
    private const int WriteSize = 128 * 1024;

    private readonly Dictionary<(int, Direction), WriteBehindStream> _open = [];
    private readonly WriteBehind _writer = new(WriteSize);
    private readonly HashSet<string> _created = [];

    /// <exception cref="OutputException">The folder cannot be created.</exception>
    public StreamExportSink(string directory)
    {
        _directory = directory;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(directory, ex, "nothing written");
        }
    }

    public List<string> Files { get; } = [];

    /// <exception cref="OutputException">A stream file cannot be created or written (disk full, permissions).</exception>
    public void OnApplicationData(TlsConnection connection, Direction direction, ReadOnlySpan<byte> plaintext, long frame)
    {
        ThrowIfWriteFailed();
        try
        {
            if (!_open.TryGetValue((connection.Id, direction), out var stream))
            {
                stream = Open(Path.Combine(_directory, FileName(connection, direction)));
                _open[(connection.Id, direction)] = stream;
            }

            stream.Write(plaintext);
        }
        catch (Exception ex) when (ex is IOException and not OutputException or UnauthorizedAccessException)
        {
            throw new OutputException(Path.Combine(_directory, FileName(connection, direction)), ex, $"{Files.Count} stream files");
        }
    }

    /// <summary>
    /// Opens a stream file: created (0600, decrypted data) the first time, appended to when it was
    /// closed to stay under <see cref="MaxOpenFiles"/> (thousands of open connections must not run
    /// the process out of file descriptors).
    /// </summary>
    private WriteBehindStream Open(string path)
    {
        if (_open.Count >= MaxOpenFiles)
        {
            var (key, oldest) = _open.First();
            _open.Remove(key);
            oldest.Dispose();
        }

        bool again = !_created.Add(path);
        if (again)
        {
            // Its earlier handle may still have writes queued: appending starts at the end they make.
            _writer.Drain();
        }

        // Unbuffered: WriteBehindStream gathers the writes.
        var options = new FileStreamOptions { Mode = again ? FileMode.Append : FileMode.Create, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        if (!again)
        {
            Files.Add(path);
        }

        return new WriteBehindStream(stream, _writer, path);
    }

    public void OnConnectionClosed(TlsConnection connection)
    {
        foreach (var direction in new[] { Direction.ClientToServer, Direction.ServerToClient })
        {
            if (_open.Remove((connection.Id, direction), out var stream))
            {
                Close(stream);
            }
        }
    }

    /// <summary>Closes every file and waits until all is written.</summary>
    /// <exception cref="OutputException">A write or close failed (disk full): that file is incomplete.</exception>
    public void Complete()
    {
        foreach (var stream in _open.Values)
        {
            Close(stream);
        }

        _open.Clear();
        _writer.Drain();
        ThrowIfWriteFailed();
    }

    /// <summary>Hands the file's last bytes and its close to the writer thread.</summary>
    private static void Close(WriteBehindStream stream) => stream.Dispose();

    private void ThrowIfWriteFailed()
    {
        if (_writer.Failure is { } failure)
        {
            throw new OutputException(failure.Name, failure.Error, $"{Files.Count} stream files");
        }
    }

    public static string FileName(TlsConnection connection, Direction direction) =>
        $"{connection.Id:D4}_{Safe(connection.Client.ToString())}-{Safe(connection.Server.ToString())}.{(direction == Direction.ClientToServer ? "c2s" : "s2c")}.bin";

    private static string Safe(string endpoint)
    {
        var builder = new StringBuilder(endpoint.Length);
        foreach (char ch in endpoint)
        {
            builder.Append(char.IsAsciiLetterOrDigit(ch) || ch == '.' ? ch : ch is '[' or ']' ? '\0' : '_');
        }

        return builder.ToString().Replace("\0", string.Empty);
    }

    /// <summary>Closes what is still open after an error; <see cref="Complete"/> is the checked close.</summary>
    public void Dispose()
    {
        foreach (var stream in _open.Values)
        {
            Close(stream);
        }

        _open.Clear();
        // Already failing, or completed: a failure here was reported, or is reported by Complete.
        _writer.Dispose();
    }
}
