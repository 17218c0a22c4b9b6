using System.Text;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Output;

/// <summary>
/// Writes each connection's decrypted application data per direction into its own file, named from
/// the endpoints with only safe characters: <c>0001_127.0.0.1_50400-127.0.0.1_8443.c2s.bin</c>.
/// </summary>
internal sealed class StreamExportSink : ITlsEventSink, IDisposable
{
    private readonly string _directory;
    private readonly Dictionary<(int, Direction), FileStream> _open = [];

    public StreamExportSink(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public List<string> Files { get; } = [];

    public void OnApplicationData(TlsConnection connection, Direction direction, ReadOnlySpan<byte> plaintext, long frame)
    {
        if (!_open.TryGetValue((connection.Id, direction), out var stream))
        {
            string path = Path.Combine(_directory, FileName(connection, direction));
            // Decrypted data: readable by its owner only.
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 64 * 1024 };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            stream = new FileStream(path, options);
            _open[(connection.Id, direction)] = stream;
            Files.Add(path);
        }

        stream.Write(plaintext);
    }

    public void OnConnectionClosed(TlsConnection connection)
    {
        foreach (var direction in new[] { Direction.ClientToServer, Direction.ServerToClient })
        {
            if (_open.Remove((connection.Id, direction), out var stream))
            {
                stream.Dispose();
            }
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

    public void Dispose()
    {
        foreach (var stream in _open.Values)
        {
            stream.Dispose();
        }

        _open.Clear();
    }
}
