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

    /// <summary>
    /// The last plain comment (no messages, no failures) and what it says: most frames of a capture say the
    /// same ("TLS 1.3 … | 1 record, 1/1 decrypted"), so they share one string instead of building one each.
    /// </summary>
    private (string? Version, string? Suite, int Records, int Encrypted, int Decrypted, string? Text) _lastPlain;

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

        bool plain = _messages.Count == 0 && _failures.Count == 0;
        string? version = _connection.VersionName, suite = _connection.CipherSuiteName;
        if (plain && _lastPlain.Text is not null && string.Equals(_lastPlain.Version, version, StringComparison.Ordinal) && string.Equals(_lastPlain.Suite, suite, StringComparison.Ordinal)
            && _lastPlain.Records == _records && _lastPlain.Encrypted == _encrypted && _lastPlain.Decrypted == _decrypted)
        {
            return _lastPlain.Text;
        }

        var text = new StringBuilder("TlsExtcap: ");
        text.Append(version ?? "TLS").Append(' ');
        if (suite is not null)
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

        string comment = text.ToString();
        if (plain)
        {
            _lastPlain = (version, suite, _records, _encrypted, _decrypted, comment);
        }

        return comment;
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
