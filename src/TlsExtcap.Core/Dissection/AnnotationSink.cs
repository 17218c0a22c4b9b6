using TlsExtcap.Core.Dissection.Verification;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection;

/// <summary>
/// Turns the core's record events into annotation trees, frame by frame: call <see cref="BeginFrame"/>
/// with a frame's bytes before the core processes it and <see cref="EndFrame"/> after; every record that
/// completed in the frame becomes a tree of <see cref="AnnotationNode"/>s. A record that lay whole in the
/// frame points into the frame's bytes; one reassembled from several segments, or a handshake message
/// reassembled from several records, gets a data source of its own, as in Wireshark. Every event is also
/// forwarded to an inner sink.
/// </summary>
public sealed partial class AnnotationSink : ITlsEventSink
{
    private readonly DissectorRegistry _registry;
    private readonly ITlsEventSink? _inner;
    private readonly Dictionary<TlsConnection, ConnectionFacts> _facts = new(ReferenceEqualityComparer.Instance);
    private readonly List<FrameAnnotation> _current = [];
    private ReadOnlyMemory<byte> _frameBytes;
    private DataSource? _frameSource;
    private long _frame;

    public AnnotationSink(DissectorRegistry registry, ITlsEventSink? inner = null)
    {
        _registry = registry;
        _inner = inner;
    }

    public DissectorRegistry Registry => _registry;

    /// <summary>
    /// Whether decrypted application data is annotated (copied into a source and handed to the application
    /// dissectors). Off, protected application-data records are annotated down to their record layer only, which
    /// is what the extcap does by default: Wireshark shows the decrypted data itself.
    /// </summary>
    public bool ApplicationData { get; init; } = true;

    /// <summary>
    /// When false (the default, for the extcap and the CLI), an exception thrown by a dissector — a plugin's,
    /// or a bug of ours — becomes an error node on the record and the capture goes on. Tests and the fuzzer run
    /// strict, so that such bugs surface.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>Starts a frame: the bytes the core is about to process (kept until <see cref="EndFrame"/>).</summary>
    public void BeginFrame(long frame, ReadOnlyMemory<byte> bytes)
    {
        _frame = frame;
        _frameBytes = bytes;
        _frameSource = null;
        _current.Clear();
    }

    /// <summary>The annotations of the frame begun last (usually one, for the frame's connection).</summary>
    public IReadOnlyList<FrameAnnotation> EndFrame()
    {
        var result = _current.ToArray();
        _current.Clear();
        _frameBytes = default;
        _frameSource = null;
        return result;
    }

    public void OnConnectionStarted(TlsConnection connection) => _inner?.OnConnectionStarted(connection);

    public void OnHandshakeMessage(TlsConnection connection, Direction direction, HandshakeType type, ReadOnlySpan<byte> message, long frame) =>
        _inner?.OnHandshakeMessage(connection, direction, type, message, frame);

    public void OnRecord(TlsConnection connection, Direction direction, in RecordEvent record) => _inner?.OnRecord(connection, direction, record);

    public void OnApplicationData(TlsConnection connection, Direction direction, ReadOnlySpan<byte> plaintext, long frame) =>
        _inner?.OnApplicationData(connection, direction, plaintext, frame);

    public void OnDecryptionFailure(TlsConnection connection, Direction direction, in RecordFailure failure) =>
        _inner?.OnDecryptionFailure(connection, direction, failure);

    public void OnKeysAvailable(TlsConnection connection) => _inner?.OnKeysAvailable(connection);

    public void OnConnectionClosed(TlsConnection connection)
    {
        _facts.Remove(connection);
        _inner?.OnConnectionClosed(connection);
    }

    public void OnRecordView(TlsConnection connection, Direction direction, in RecordView record)
    {
        if (!ApplicationData && IsApplicationData(connection, direction, record))
        {
            _inner?.OnRecordView(connection, direction, record);
            return;
        }

        try
        {
            var node = Annotate(connection, direction, record);
            Frame(connection, direction).Add(node);
        }
        catch (Exception ex) when (!Strict && ex is not OutOfMemoryException)
        {
            // A dissector failed outside its typed errors: keep the capture going, say where (never the bytes).
            var source = FrameSource();
            var node = new AnnotationNode($"TLS record {record.Number}", source, 0, 0, "annotation failed", $"a dissector threw {ex.GetType().Name}: {ex.Message}")
            {
                Severity = AnnotationSeverity.Error,
            };
            Frame(connection, direction).Add(node);
        }
        finally
        {
            _inner?.OnRecordView(connection, direction, record);
        }
    }

    /// <summary>Undecryptable TLS 1.3 records annotated per direction before they are taken for application data.</summary>
    private const int MaxOpaqueRecords = 8;

    /// <summary>
    /// Whether a record is application data, which <see cref="ApplicationData"/> off leaves out: decrypted
    /// application data, TLS ≤ 1.2 records whose header says so, and TLS 1.3 protected records that could not
    /// be decrypted beyond the first few (their real type is hidden; the handshake comes first).
    /// </summary>
    private bool IsApplicationData(TlsConnection connection, Direction direction, in RecordView record)
    {
        if (record.OuterType != ContentType.ApplicationData)
        {
            return false;
        }

        if (record.Decrypted)
        {
            return record.InnerType == ContentType.ApplicationData;
        }

        if (!record.Encrypted || !TlsVersionNames.IsTls13(Facts(connection).Version))
        {
            return true;
        }

        var facts = Facts(connection);
        int seen = direction == Direction.ClientToServer ? ++facts.OpaqueClientRecords : ++facts.OpaqueServerRecords;
        return seen > MaxOpaqueRecords;
    }

    private FrameAnnotation Frame(TlsConnection connection, Direction direction)
    {
        foreach (var existing in _current)
        {
            if (ReferenceEquals(existing.Connection, connection) && existing.Direction == direction)
            {
                return existing;
            }
        }

        var annotation = new FrameAnnotation(_frame, FrameSource(), connection, direction);
        _current.Add(annotation);
        return annotation;
    }

    private DataSource FrameSource() => _frameSource ??= DataSource.ForFrame(_frame, _frameBytes);

    private ConnectionFacts Facts(TlsConnection connection)
    {
        if (!_facts.TryGetValue(connection, out var facts))
        {
            facts = new ConnectionFacts(new HandshakeVerifier(connection));
            _facts[connection] = facts;
        }

        return facts;
    }

    private DissectionContext Context(TlsConnection connection, Direction direction, ConnectionFacts facts) =>
        new(connection, direction, _frame, _registry)
        {
            Version = facts.Version,
            CipherSuite = facts.CipherSuite,
            Checks = facts.Verifier,
        };

    /// <summary>Copies what the dissectors learned back into the connection's facts.</summary>
    private static void Learn(ConnectionFacts facts, DissectionContext context)
    {
        facts.Version = context.Version;
        facts.CipherSuite = context.CipherSuite;
        facts.Alpn = context.Alpn ?? facts.Alpn;
    }

    private static string Arrow(Direction direction) => direction == Direction.ClientToServer ? "client → server" : "server → client";

    private static string Short(Direction direction) => direction == Direction.ClientToServer ? "c2s" : "s2c";
}
