using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Core.Tests.Generated;

/// <summary>Keeps every decrypted application data record with its connection, direction and frame.</summary>
internal sealed class AppDataSink : ITlsEventSink
{
    public List<AppDataEvent> Events { get; } = [];

    public void OnApplicationData(TlsConnection connection, Direction direction, ReadOnlySpan<byte> plaintext, long frame)
        => Events.Add(new AppDataEvent(connection.Id, direction, frame, plaintext.ToArray()));
}

/// <summary>One decrypted application data record.</summary>
internal sealed record AppDataEvent(int Connection, Direction Direction, long Frame, byte[] Plaintext);
