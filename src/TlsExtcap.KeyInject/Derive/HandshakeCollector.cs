using Serilog;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>
/// One pass over a capture through the core, keeping every handshake message per connection — the
/// plaintext ones, and those the engine could decrypt with the keys given.
/// </summary>
internal sealed class HandshakeCollector : ITlsEventSink
{
    /// <summary>Handshake bytes kept per connection; beyond it a connection is no longer followed.</summary>
    private const int MaxBytesPerConnection = 1024 * 1024;

    private readonly Dictionary<TlsConnection, (ConnectionHandshake Handshake, int Bytes)> _connections = [];
    private readonly List<ConnectionHandshake> _ordered = [];

    /// <summary>Runs the capture with <paramref name="keys"/>; returns the connections in order of first handshake message.</summary>
    public static IReadOnlyList<ConnectionHandshake> Collect(string capturePath, KeyStore keys, ILogger log)
    {
        var collector = new HandshakeCollector();
        using var processor = new CaptureProcessor(keys, collector, logger: log);
        using (var reader = CaptureReader.Open(capturePath))
        {
            processor.Process(reader);
        }

        processor.Finish();
        return collector._ordered;
    }

    public void OnHandshakeMessage(TlsConnection connection, Direction direction, HandshakeType type, ReadOnlySpan<byte> message, long frame)
    {
        if (!_connections.TryGetValue(connection, out var entry))
        {
            entry = (new ConnectionHandshake(connection), 0);
            _ordered.Add(entry.Handshake);
        }

        if (entry.Bytes + message.Length > MaxBytesPerConnection)
        {
            return;
        }

        if (type == HandshakeType.ClientHello && direction == Direction.ClientToServer && entry.Handshake.ClientRandom is null
            && connection.ClientRandom is { } random)
        {
            entry.Handshake.ClientRandom = Convert.ToHexString(random);
        }

        entry.Handshake.Messages.Add(new HandshakeMessage(direction, type, message.ToArray()));
        _connections[connection] = (entry.Handshake, entry.Bytes + message.Length);
    }
}
