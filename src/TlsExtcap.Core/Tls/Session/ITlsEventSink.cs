using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Session;

/// <summary>
/// What the core reports while it reads a capture. The offline commands, the extcap and the
/// annotations consume these; every method has an empty default so sinks implement what they need.
/// Spans are valid only during the call.
/// </summary>
public interface ITlsEventSink
{
    void OnConnectionStarted(TlsConnection connection)
    {
    }

    /// <summary>A complete handshake message (header included), plaintext or decrypted.</summary>
    void OnHandshakeMessage(TlsConnection connection, Direction direction, HandshakeType type, ReadOnlySpan<byte> message, long frame)
    {
    }

    /// <summary>One record as framed from the wire, after any decryption attempt.</summary>
    void OnRecord(TlsConnection connection, Direction direction, in RecordEvent record)
    {
    }

    /// <summary>
    /// One record with its bytes (wire and plaintext), just before <see cref="OnRecord"/> and before the
    /// handshake messages it completes are reported.
    /// </summary>
    void OnRecordView(TlsConnection connection, Direction direction, in RecordView record)
    {
    }

    /// <summary>Decrypted application data of one record.</summary>
    void OnApplicationData(TlsConnection connection, Direction direction, ReadOnlySpan<byte> plaintext, long frame)
    {
    }

    /// <summary>A record that could not be decrypted.</summary>
    void OnDecryptionFailure(TlsConnection connection, Direction direction, in RecordFailure failure)
    {
    }

    /// <summary>Keys for a connection became usable (a handshake or traffic secret was found).</summary>
    void OnKeysAvailable(TlsConnection connection)
    {
    }

    void OnConnectionClosed(TlsConnection connection)
    {
    }
}
