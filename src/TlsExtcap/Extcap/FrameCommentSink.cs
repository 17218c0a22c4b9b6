using System.Text;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;
using TlsExtcap.Output;

namespace TlsExtcap.Extcap;

/// <summary>
/// Collects what the core found in one frame (its records, handshake messages and failures) and
/// turns it into the frame's packet comment (<c>frame.comment</c> in Wireshark). Also forwards every
/// event to an inner sink (the plaintext and PDU outputs).
/// </summary>
internal sealed class FrameCommentSink(ITlsEventSink? inner = null) : ITlsEventSink
{
    private readonly List<string> _messages = [];
    private readonly Dictionary<DecryptFailureReason, int> _failures = [];
    private int _records;
    private int _encrypted;
    private int _decrypted;
    private TlsConnection? _connection;

    public void BeginFrame()
    {
        _messages.Clear();
        _failures.Clear();
        _records = _encrypted = _decrypted = 0;
        _connection = null;
    }

    /// <summary>The comment for the frame just processed, or null when it carried no TLS record.</summary>
    public string? Comment()
    {
        if (_connection is null || _records == 0)
        {
            return null;
        }

        var text = new StringBuilder("TlsExtcap: ");
        text.Append(_connection.VersionName ?? "TLS").Append(' ');
        if (_connection.CipherSuiteName is { } suite)
        {
            text.Append(suite).Append(' ');
        }

        text.Append("| ");
        if (_messages.Count > 0)
        {
            text.Append(string.Join(", ", _messages)).Append(" | ");
        }

        text.Append(_records).Append(_records == 1 ? " record" : " records");
        if (_encrypted > 0)
        {
            text.Append(", ").Append(_decrypted).Append('/').Append(_encrypted).Append(" decrypted");
        }

        foreach (var (reason, count) in _failures)
        {
            text.Append(", ").Append(count).Append(' ').Append(Names.Failure(reason).Replace('_', ' '));
        }

        return text.ToString();
    }

    public void OnRecord(TlsConnection connection, Direction direction, in RecordEvent record)
    {
        _connection = connection;
        _records++;
        if (record.Encrypted)
        {
            _encrypted++;
            if (record.Decrypted)
            {
                _decrypted++;
            }
        }

        inner?.OnRecord(connection, direction, record);
    }

    public void OnHandshakeMessage(TlsConnection connection, Direction direction, HandshakeType type, ReadOnlySpan<byte> message, long frame)
    {
        _connection = connection;
        _messages.Add(type.ToString());
        inner?.OnHandshakeMessage(connection, direction, type, message, frame);
    }

    public void OnDecryptionFailure(TlsConnection connection, Direction direction, in RecordFailure failure)
    {
        _failures[failure.Reason] = _failures.GetValueOrDefault(failure.Reason) + 1;
        inner?.OnDecryptionFailure(connection, direction, failure);
    }

    public void OnApplicationData(TlsConnection connection, Direction direction, ReadOnlySpan<byte> plaintext, long frame) =>
        inner?.OnApplicationData(connection, direction, plaintext, frame);

    public void OnConnectionClosed(TlsConnection connection) => inner?.OnConnectionClosed(connection);

    public void OnKeysAvailable(TlsConnection connection) => inner?.OnKeysAvailable(connection);

    public void OnConnectionStarted(TlsConnection connection) => inner?.OnConnectionStarted(connection);
}
