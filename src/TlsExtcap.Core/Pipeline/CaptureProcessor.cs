using Serilog;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Tls.Records;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Core.Pipeline;

/// <summary>
/// Consumes a capture as a stream of packets: decodes link/IP/TCP/UDP, reassembles each TCP
/// direction, hands the bytes (or DTLS datagrams) to a <see cref="TlsConnection"/> per flow, and
/// takes keys from Decryption Secrets Blocks. With <see cref="RetainClosedConnections"/> off (the
/// extcap), a connection is forgotten once both directions closed, so memory is bounded by the open
/// connections however long the capture runs; the offline commands keep every connection to report it.
/// </summary>
public sealed partial class CaptureProcessor : IDisposable
{
    /// <summary>DSB secrets type for an NSS key log (pcapng §4.7: 0x544c534b, "TLSK").</summary>
    public const uint TlsKeyLogSecretsType = 0x544c534b;

    private readonly Dictionary<(IpEndpoint, IpEndpoint, TransportProtocol), Flow> _flows = [];
    /// <summary>Every connection kept, by id (= order of first frame).</summary>
    private readonly SortedDictionary<int, TlsConnection> _connections = [];

    /// <summary>Four-tuples of forgotten connections (bounded): their stray ACKs and retransmissions start nothing.</summary>
    private readonly HashSet<(IpEndpoint, IpEndpoint)> _recentlyClosed = [];
    private readonly Queue<(IpEndpoint, IpEndpoint)> _recentlyClosedOrder = new();

    /// <summary>Four-tuples remembered after their connection was forgotten.</summary>
    private const int RecentlyClosedCapacity = 16 * 1024;
    private readonly ITlsEventSink _sink;
    /// <summary>Plaintext scratch per direction, shared by all connections (TlsConnection's sharedScratch).</summary>
    private readonly (byte[], byte[]) _scratch = (new byte[ScratchLength], new byte[ScratchLength]);
    private readonly TlsEngineOptions _options;
    private readonly ILogger _log;
    private int _nextConnectionId = 1;

    /// <summary>RFC 5246 §6.2.3 / RFC 6347 §4.1: the largest record fragment the framers accept, and some.</summary>
    private const int ScratchLength = TlsRecordHeader.MaxFragmentLength + 256;

    public CaptureProcessor(KeyStore keys, ITlsEventSink? sink = null, TlsEngineOptions? options = null, ILogger? logger = null)
    {
        Keys = keys;
        _sink = sink ?? NullSink.Instance;
        _options = options ?? new TlsEngineOptions();
        _log = logger ?? Serilog.Core.Logger.None;
    }

    public KeyStore Keys { get; }

    /// <summary>Sessions of completed TLS ≤ 1.2 handshakes, for resumption; shared when several processors run at once.</summary>
    public SessionCache Sessions { get; init; } = new();

    /// <summary>
    /// Where connection numbers come from when several processors share one numbering (the lanes of a parallel
    /// session: each number is used once); null numbers 1, 2, … in this processor.
    /// </summary>
    public Func<int>? ConnectionIds { get; init; }

    /// <summary>Packets read so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Key-log lines read from Decryption Secrets Blocks.</summary>
    public int SecretsFromCapture { get; private set; }

    /// <summary>Every connection kept, TLS or not, in order of first frame.</summary>
    internal IEnumerable<TlsConnection> AllConnections => _connections.Values;

    /// <summary>Every TLS/DTLS connection kept, in order of first frame (all of them unless <see cref="RetainClosedConnections"/> is off).</summary>
    public IReadOnlyList<TlsConnection> Connections => _connections.Values.Where(c => c.IsTls).ToList();

    /// <summary>
    /// True (the default): every connection stays until the processor is disposed, for the offline
    /// reports. False: a connection is disposed and forgotten once both its directions closed (FIN or
    /// RST), counted in <see cref="Forgotten"/>, and announced by <see cref="ConnectionForgotten"/>.
    /// </summary>
    public bool RetainClosedConnections { get; init; } = true;

    /// <summary>Raised after a closed connection was forgotten (only with <see cref="RetainClosedConnections"/> off).</summary>
    public event Action<TlsConnection>? ConnectionForgotten;

    /// <summary>TLS connections forgotten so far, by final status.</summary>
    public ConnectionTotals Forgotten { get; private set; }

    /// <summary>TLS connections seen in all: those kept and those forgotten.</summary>
    public int TotalConnections => Connections.Count + Forgotten.Connections;

    /// <summary>Reads every record of <paramref name="reader"/>.</summary>
    public void Process(CaptureReader reader, CancellationToken cancellationToken = default)
    {
        while (reader.TryRead(out var record))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Process(record);
        }
    }

    public TlsConnection? Process(in CaptureRecord record)
    {
        if (record.Kind == CaptureRecordKind.DecryptionSecrets)
        {
            AddDecryptionSecrets(record.SecretsType, record.Data.Span);
            return null;
        }

        return ProcessPacket(record.LinkType, record.Data.Span, record.FrameNumber);
    }

    /// <summary>Adds the key-log lines of a Decryption Secrets Block (pcapng §4.7).</summary>
    public void AddDecryptionSecrets(uint secretsType, ReadOnlySpan<byte> data)
    {
        if (secretsType != TlsKeyLogSecretsType)
        {
            _log.Information("Skipping a Decryption Secrets Block of type {SecretsType:x8}", secretsType);
            return;
        }

        var parsed = KeyLogParser.Parse(data, "Decryption Secrets Block");
        foreach (var error in parsed.Errors)
        {
            _log.Warning("Decryption Secrets Block line {Line}: {Reason}", error.LineNumber, error.Reason);
        }

        Keys.AddRange(parsed.Entries);
        SecretsFromCapture += parsed.Entries.Count;
    }

    /// <summary>Processes one packet; returns the connection it belongs to (null for other traffic).</summary>
    public TlsConnection? ProcessPacket(LinkType linkType, ReadOnlySpan<byte> frame, long frameNumber)
    {
        Frames++;
        if (!PacketDecoder.TryDecode(linkType, frame, out var packet))
        {
            return null;
        }

        var flow = packet.Protocol == TransportProtocol.Tcp ? OnTcp(ref packet, frameNumber) : OnUdp(ref packet, frameNumber);
        var connection = flow is { Ignored: false } ? flow.Connection : null;
        if (flow is { Done: true } && !RetainClosedConnections)
        {
            Forget(flow);
        }

        return connection;
    }

    /// <summary>The connection a packet would go to, without processing it (null when none exists yet).</summary>
    public TlsConnection? FindConnection(LinkType linkType, ReadOnlySpan<byte> frame)
    {
        if (!PacketDecoder.TryDecode(linkType, frame, out var packet))
        {
            return null;
        }

        if (_flows.TryGetValue((packet.Source, packet.Destination, packet.Protocol), out var flow)
            || _flows.TryGetValue((packet.Destination, packet.Source, packet.Protocol), out flow))
        {
            return flow is { Ignored: false } ? flow.Connection : null;
        }

        return null;
    }

    /// <summary>Ends the capture: flushes reassembly across holes and completes every connection.</summary>
    public void Finish() => Finish(Frames);

    /// <summary>As <see cref="Finish()"/>, with the capture's last frame number (one of several processors has seen fewer frames).</summary>
    internal void Finish(long lastFrame)
    {
        foreach (var flow in _flows.Values)
        {
            flow.Finish(lastFrame);
        }

        foreach (var connection in _connections.Values)
        {
            connection.Finish();
        }
    }

    public void Dispose()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }
    }

    /// <summary>Drops a flow whose both directions closed, and its connection (disposed, counted).</summary>
    private void Forget(Flow flow)
    {
        _flows.Remove((flow.A, flow.B, flow.Transport));
        if (_recentlyClosed.Add((flow.A, flow.B)))
        {
            _recentlyClosedOrder.Enqueue((flow.A, flow.B));
            if (_recentlyClosedOrder.Count > RecentlyClosedCapacity)
            {
                _recentlyClosed.Remove(_recentlyClosedOrder.Dequeue());
            }
        }

        if (flow.Connection is { } connection && _connections.Remove(connection.Id))
        {
            if (connection.IsTls)
            {
                Forgotten = Forgotten.Add(connection);
            }

            connection.Dispose();
            ConnectionForgotten?.Invoke(connection);
        }
    }

    private bool RecentlyClosed(IpEndpoint source, IpEndpoint destination) =>
        _recentlyClosed.Count > 0 && (_recentlyClosed.Contains((source, destination)) || _recentlyClosed.Contains((destination, source)));

    private TlsConnection NewConnection(TransportProtocol transport, IpEndpoint client, IpEndpoint server, long frame)
    {
        var connection = new TlsConnection(ConnectionIds?.Invoke() ?? _nextConnectionId++, transport, client, server, frame, Keys, Sessions, _sink, _options, _log, _scratch);
        _connections.Add(connection.Id, connection);
        return connection;
    }

    private sealed class NullSink : ITlsEventSink
    {
        public static readonly NullSink Instance = new();
    }
}
