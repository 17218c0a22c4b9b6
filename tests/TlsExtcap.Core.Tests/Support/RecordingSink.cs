using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tests.Support;

/// <summary>Collects the events of a run for assertions.</summary>
internal sealed class RecordingSink : ITlsEventSink
{
    private readonly Dictionary<(int, Direction), List<byte>> _data = [];

    public List<HandshakeType> HandshakeTypes { get; } = [];

    public List<RecordFailure> Failures { get; } = [];

    public byte[] AppData(Direction direction, int connection = 1) =>
        _data.TryGetValue((connection, direction), out var bytes) ? [.. bytes] : [];

    public void OnApplicationData(TlsConnection connection, Direction direction, ReadOnlySpan<byte> plaintext, long frame)
    {
        if (!_data.TryGetValue((connection.Id, direction), out var list))
        {
            _data[(connection.Id, direction)] = list = [];
        }

        list.AddRange(plaintext.ToArray());
    }

    public void OnHandshakeMessage(TlsConnection connection, Direction direction, HandshakeType type, ReadOnlySpan<byte> message, long frame)
        => HandshakeTypes.Add(type);

    public void OnDecryptionFailure(TlsConnection connection, Direction direction, in RecordFailure failure) => Failures.Add(failure);
}
