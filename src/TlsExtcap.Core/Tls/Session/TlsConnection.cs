using Serilog;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Tls.Handshake;

namespace TlsExtcap.Core.Tls.Session;

/// <summary>
/// One TLS or DTLS connection: frames records from the reassembled byte stream (or datagrams),
/// follows the handshake, finds keys and decrypts every record it can. An explicit state per
/// direction (<see cref="DirectionState"/>); a connection that cannot be decrypted is reported and
/// skipped, never stopping the capture.
/// </summary>
public sealed partial class TlsConnection : IDisposable
{
    private readonly KeyStore _keys;
    private readonly SessionCache _sessions;
    private readonly ITlsEventSink _sink;
    private readonly TlsEngineOptions _options;
    private readonly ILogger _log;
    private readonly DirectionState _c2s;
    private readonly DirectionState _s2c;
    private readonly List<HandshakeSummary> _handshakes = [];
    private HandshakeContext? _handshake;
    private bool _tls13;
    private ushort _version;
    private bool _loggedHandshakeError;
    private bool _closed;

    /// <param name="sharedScratch">
    /// Plaintext buffers (client-to-server, server-to-client) of at least one record, shared by every
    /// connection of a processor: a record's plaintext lives only during its own callbacks, and one
    /// thread processes the capture, so thousands of connections need not keep 16 KiB each.
    /// </param>
    internal TlsConnection(int id, TransportProtocol transport, IpEndpoint client, IpEndpoint server, long firstFrame,
        KeyStore keys, SessionCache sessions, ITlsEventSink sink, TlsEngineOptions options, ILogger log,
        (byte[] ClientToServer, byte[] ServerToClient)? sharedScratch = null)
    {
        Id = id;
        Transport = transport;
        Client = client;
        Server = server;
        FirstFrame = firstFrame;
        LastFrame = firstFrame;
        _keys = keys;
        _sessions = sessions;
        _sink = sink;
        _options = options;
        _log = log;
        bool datagram = transport == TransportProtocol.Udp;
        _c2s = new DirectionState(Direction.ClientToServer, datagram, options.MaxHandshakeMessageLength);
        _s2c = new DirectionState(Direction.ServerToClient, datagram, options.MaxHandshakeMessageLength);
        if (sharedScratch is var (c2sScratch, s2cScratch))
        {
            _c2s.Scratch = c2sScratch;
            _s2c.Scratch = s2cScratch;
        }
        if (options.HashApplicationData)
        {
            _c2s.Stats.EnableHash();
            _s2c.Stats.EnableHash();
        }
    }

    public int Id { get; internal set; }

    public TransportProtocol Transport { get; }

    public IpEndpoint Client { get; }

    public IpEndpoint Server { get; }

    public long FirstFrame { get; }

    public long LastFrame { get; private set; }

    /// <summary>True once a TLS record (or an SSLv2 ClientHello) was seen.</summary>
    public bool IsTls { get; private set; }

    public byte[]? ClientRandom { get; private set; }

    /// <summary>Negotiated version of the latest handshake (0 until a ServerHello is seen).</summary>
    public ushort Version => _version;

    public string? VersionName => _version == 0 ? null : TlsVersionNames.GetName(_version);

    public ushort? CipherSuite { get; private set; }

    public string? CipherSuiteName => CipherSuite is { } value ? CipherSuiteRegistry.GetName(value) : null;

    public string? ServerName { get; private set; }

    public string? Alpn { get; private set; }

    public bool Resumed { get; private set; }

    public bool HelloRetryRequest { get; private set; }

    public EarlyDataStatus EarlyData { get; private set; }

    public bool Closed => _closed;

    /// <summary>The limit this connection went over, if any: it is not decrypted from there on (see <see cref="ConnectionLimit"/>).</summary>
    public ConnectionLimit? LimitExceeded { get; private set; }

    public IReadOnlyList<HandshakeSummary> Handshakes => _handshakes;

    public DirectionStats ClientToServer => _c2s.Stats;

    public DirectionStats ServerToClient => _s2c.Stats;

    public DirectionStats GetStats(Direction direction) => State(direction).Stats;

    /// <summary>How much of the encrypted traffic was decrypted.</summary>
    public ConnectionStatus Status
    {
        get
        {
            if (LimitExceeded is not null)
            {
                return ConnectionStatus.OverLimit;
            }

            long encrypted = _c2s.Stats.EncryptedRecords + _s2c.Stats.EncryptedRecords;
            long decrypted = _c2s.Stats.EncryptedRecordsDecrypted + _s2c.Stats.EncryptedRecordsDecrypted;
            if (decrypted == encrypted)
            {
                return ConnectionStatus.Decrypted;
            }

            if (decrypted > 0)
            {
                return ConnectionStatus.Partial;
            }

            bool onlyMissingKeys = _c2s.Stats.Failures.Concat(_s2c.Stats.Failures).All(f =>
                f.Reason is DecryptFailureReason.NoKeys or DecryptFailureReason.NoHandshake or DecryptFailureReason.EarlyDataRejected);
            return onlyMissingKeys ? ConnectionStatus.NoKeys : ConnectionStatus.Failed;
        }
    }

    /// <summary>Tells the connection which frame is being processed (for events).</summary>
    internal void Touch(long frame) => LastFrame = frame;

    /// <summary>Completes the connection at the end of the capture.</summary>
    public void Finish()
    {
        FlushEarlyQueue();
        _c2s.Stats.FinishHash();
        _s2c.Stats.FinishHash();
    }

    /// <summary>Both directions ended (FIN/RST): report and free the buffers, keeping the counters.</summary>
    internal void OnTransportClosed()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        Finish();
        _sink.OnConnectionClosed(this);
        _c2s.Release();
        _s2c.Release();
        DisposeCandidates(_c2s);
        DisposeCandidates(_s2c);
    }

    /// <summary>
    /// Marks the connection as over <paramref name="limit"/>. Only a flag: the caller feeding it bytes
    /// stops and calls <see cref="ReleaseOverLimit"/> once the current call has returned (buffers in use
    /// further up the stack must not be freed under it).
    /// </summary>
    internal void ExceedLimit(ConnectionLimit limit)
    {
        if (LimitExceeded is not null)
        {
            return;
        }

        LimitExceeded = limit;
        _log.Warning("Connection {Connection} is over the {Limit} limit: not decrypted from frame {Frame} on", ToString(), limit, LastFrame);
    }

    /// <summary>
    /// Between packets: a direction with nothing pending gives back a framing buffer that grew for a
    /// record split across segments (a handshake flight), so idle connections stay small.
    /// </summary>
    internal void TrimIdleBuffers()
    {
        foreach (var s in (ReadOnlySpan<DirectionState>)[_c2s, _s2c])
        {
            if (s.PendingLength == 0 && s.Pending.Length > IdlePendingCapacity)
            {
                s.Pending = [];
            }
        }
    }

    /// <summary>Framing buffer kept by a direction with nothing pending (see <see cref="TrimIdleBuffers"/>).</summary>
    private const int IdlePendingCapacity = 1024;

    /// <summary>Frees the buffers and keys of a connection over a limit; its counters stay.</summary>
    internal void ReleaseOverLimit()
    {
        _earlyQueue.Clear();
        _earlyQueueBytes = 0;
        _c2s.Release();
        _s2c.Release();
        DisposeCandidates(_c2s);
        DisposeCandidates(_s2c);
        _handshake?.Dispose();
        _handshake = null;
    }

    public void Dispose()
    {
        _c2s.Dispose();
        _s2c.Dispose();
        _handshake?.Dispose();
        DisposeCandidates(_c2s);
        DisposeCandidates(_s2c);
    }

    public override string ToString() => $"#{Id} {Transport.ToString().ToLowerInvariant()} {Client} -> {Server}";

    private DirectionState State(Direction direction) => direction == Direction.ClientToServer ? _c2s : _s2c;

    private void ReportHandshakeError(Direction direction, TlsDecodeException ex)
    {
        // The assemblers refuse a message over the cap before buffering it (HandshakeAssembler,
        // DtlsHandshakeAssembler): the rest of this handshake cannot be followed.
        if (ex.Reason == TlsDecodeError.LengthTooLarge && ex.Structure is "Handshake" or "DTLSHandshake")
        {
            ExceedLimit(ConnectionLimit.HandshakeSize);
            return;
        }

        if (!_loggedHandshakeError)
        {
            _loggedHandshakeError = true;
            _log.Warning("Connection {Connection}: malformed {Structure} from the {Direction} ({Reason})",
                ToString(), ex.Structure, direction == Direction.ClientToServer ? "client" : "server", ex.Reason);
        }
    }
}
