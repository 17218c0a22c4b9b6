using Serilog;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Core.Pipeline;

/// <summary>
/// Consumes a capture as a stream of packets: decodes link/IP/TCP/UDP, reassembles each TCP
/// direction, hands the bytes (or DTLS datagrams) to a <see cref="TlsConnection"/> per flow, and
/// takes keys from Decryption Secrets Blocks. Memory is bounded by the open connections.
/// </summary>
public sealed partial class CaptureProcessor : IDisposable
{
    /// <summary>DSB secrets type for an NSS key log (pcapng §4.7: 0x544c534b, "TLSK").</summary>
    public const uint TlsKeyLogSecretsType = 0x544c534b;

    private readonly Dictionary<(IpEndpoint, IpEndpoint, TransportProtocol), Flow> _flows = [];
    private readonly List<TlsConnection> _connections = [];
    private readonly ITlsEventSink _sink;
    private readonly TlsEngineOptions _options;
    private readonly ILogger _log;
    private int _nextConnectionId = 1;

    public CaptureProcessor(KeyStore keys, ITlsEventSink? sink = null, TlsEngineOptions? options = null, ILogger? logger = null)
    {
        Keys = keys;
        _sink = sink ?? NullSink.Instance;
        _options = options ?? new TlsEngineOptions();
        _log = logger ?? Serilog.Core.Logger.None;
    }

    public KeyStore Keys { get; }

    public SessionCache Sessions { get; } = new();

    /// <summary>Packets read so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Key-log lines read from Decryption Secrets Blocks.</summary>
    public int SecretsFromCapture { get; private set; }

    /// <summary>Every TLS/DTLS connection seen, in order of first frame.</summary>
    public IReadOnlyList<TlsConnection> Connections => _connections.Where(c => c.IsTls).ToList();

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
        return flow is { Ignored: false } ? flow.Connection : null;
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
    public void Finish()
    {
        foreach (var flow in _flows.Values)
        {
            flow.Finish(Frames);
        }

        foreach (var connection in _connections)
        {
            connection.Finish();
        }
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    private TlsConnection NewConnection(TransportProtocol transport, IpEndpoint client, IpEndpoint server, long frame)
    {
        var connection = new TlsConnection(_nextConnectionId++, transport, client, server, frame, Keys, Sessions, _sink, _options, _log);
        _connections.Add(connection);
        return connection;
    }

    private sealed class NullSink : ITlsEventSink
    {
        public static readonly NullSink Instance = new();
    }
}
