using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Extcap;

/// <summary>
/// <c>--mode plaintext</c>: each connection's decrypted application data as an ordinary cleartext
/// connection — a synthetic three-way handshake, then one TCP segment per decrypted record with
/// consistent sequence and acknowledgement numbers and valid checksums, FINs at the end, original
/// addresses and ports (UDP datagrams for DTLS). No TLS bytes remain, so any tool reads it as cleartext;
/// the handshake facts go into the SYN's comment.
/// </summary>
internal sealed class PlaintextModeOutput : IFrameOutput, ITlsEventSink
{
    /// <summary>Largest TCP payload per synthetic segment (IPv4 total length is 16 bits).</summary>
    private const int MaxSegment = 60_000;

    private readonly Core.Capture.PcapngWriter _writer;
    private readonly bool _flushEachFrame;
    private readonly int _interface;
    private readonly Dictionary<TlsConnection, SyntheticConnection> _streams = [];
    /// <summary>What the frame being processed produced, in order: plaintext (a slice of <see cref="_arena"/>) or a close.</summary>
    private readonly List<(TlsConnection Connection, Direction Direction, int Offset, int Length, bool Close)> _pending = [];

    /// <summary>The plaintext of the frame being processed, reused frame after frame (no array per record).</summary>
    private byte[] _arena = new byte[64 * 1024];
    private int _arenaUsed;

    public PlaintextModeOutput(Stream output, bool flushEachFrame = true)
    {
        _flushEachFrame = flushEachFrame;
        _writer = new PcapngWriter(output, $"TlsExtcap {ExtcapDiscovery.Version}", leaveOpen: true);
        _interface = _writer.AddInterface(LinkType.Ethernet, name: "tlsextcap-plaintext");
    }

    /// <summary>A lane of a parallel session: blocks of the section <paramref name="main"/> started, on its interface.</summary>
    private PlaintextModeOutput(PlaintextModeOutput main, Core.Capture.PcapngWriter lane)
    {
        _writer = lane;
        _interface = _writer.DeclareInterface(Core.Capture.TimestampResolution.Nanoseconds);
        System.Diagnostics.Debug.Assert(_interface == main._interface, "the main output's only interface");
    }

    public ITlsEventSink? Sink => this;

    public void OnApplicationData(TlsConnection connection, Direction direction, ReadOnlySpan<byte> plaintext, long frame)
    {
        if (!plaintext.IsEmpty)
        {
            if (_arenaUsed + plaintext.Length > _arena.Length)
            {
                Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + plaintext.Length));
            }

            plaintext.CopyTo(_arena.AsSpan(_arenaUsed));
            _pending.Add((connection, direction, _arenaUsed, plaintext.Length, false));
            _arenaUsed += plaintext.Length;
        }
    }

    public void OnConnectionClosed(TlsConnection connection) => _pending.Add((connection, Direction.ClientToServer, 0, 0, true));

    public void OnFrame(in HeldFrame frame, TlsConnection? connection, string? summary, IReadOnlyList<string> trees)
    {
        foreach (var (conn, direction, offset, length, close) in _pending)
        {
            var stream = GetStream(conn, frame.TimestampNanoseconds);
            if (close)
            {
                stream.Close(this, frame.TimestampNanoseconds);
            }
            else
            {
                stream.Send(this, direction, _arena.AsSpan(offset, length), frame.TimestampNanoseconds);
            }
        }

        _pending.Clear();
        _arenaUsed = 0;
        if (_flushEachFrame)
        {
            _writer.Flush();
        }
    }

    public void Flush() => _writer.Flush();

    public void Forget(TlsConnection connection) => _streams.Remove(connection);

    public void Dispose() => _writer.Dispose();

    public IFrameOutput CreateLane(Core.Capture.PcapngWriter writer) => new PlaintextModeOutput(this, writer);

    private void Write(long timestamp, ReadOnlySpan<byte> frame, string? comment) =>
        _writer.WritePacket(_interface, timestamp, frame, frame.Length, comment, null);

    private SyntheticConnection GetStream(TlsConnection connection, long timestamp)
    {
        if (!_streams.TryGetValue(connection, out var stream))
        {
            stream = new SyntheticConnection(connection);
            _streams[connection] = stream;
            stream.Open(this, timestamp);
        }

        return stream;
    }

    /// <summary>One synthetic connection: sequence numbers of both sides.</summary>
    private sealed class SyntheticConnection(TlsConnection connection)
    {
        private uint _clientSeq = 1000;
        private uint _serverSeq = 5000;
        private bool _closed;

        private bool Udp => connection.Transport == TransportProtocol.Udp;

        public void Open(PlaintextModeOutput owner, long timestamp)
        {
            string facts = $"TlsExtcap: decrypted {connection.VersionName ?? "TLS"} {connection.CipherSuiteName ?? string.Empty}".TrimEnd()
                + (connection.ServerName is { } sni ? $", SNI {sni}" : string.Empty)
                + (connection.Alpn is { } alpn ? $", ALPN {alpn}" : string.Empty)
                + (connection.Resumed ? ", resumed" : string.Empty);
            if (Udp)
            {
                _pendingComment = facts;
                return;
            }

            // RFC 9293 §3.5: SYN, SYN-ACK, ACK.
            owner.Write(timestamp, SyntheticFrames.Tcp(connection.Client, connection.Server, true, _clientSeq, 0, syn: true, ack: false, psh: false, fin: false, []), facts);
            owner.Write(timestamp, SyntheticFrames.Tcp(connection.Server, connection.Client, false, _serverSeq, _clientSeq + 1, syn: true, ack: true, psh: false, fin: false, []), null);
            _clientSeq++;
            _serverSeq++;
            owner.Write(timestamp, SyntheticFrames.Tcp(connection.Client, connection.Server, true, _clientSeq, _serverSeq, syn: false, ack: true, psh: false, fin: false, []), null);
        }

        private string? _pendingComment;

        public void Send(PlaintextModeOutput owner, Direction direction, ReadOnlySpan<byte> data, long timestamp)
        {
            bool fromClient = direction == Direction.ClientToServer;
            var source = fromClient ? connection.Client : connection.Server;
            var destination = fromClient ? connection.Server : connection.Client;
            if (Udp)
            {
                owner.Write(timestamp, SyntheticFrames.Udp(source, destination, fromClient, data), _pendingComment);
                _pendingComment = null;
                return;
            }

            for (int offset = 0; offset < data.Length; offset += MaxSegment)
            {
                int length = Math.Min(MaxSegment, data.Length - offset);
                uint seq = fromClient ? _clientSeq : _serverSeq;
                uint ack = fromClient ? _serverSeq : _clientSeq;
                // The frame is written straight into the pcapng block (the fast path, SyntheticFrameWriter).
                int frameLength = SyntheticFrameWriter.TcpFrameLength(source, length);
                var frame = owner._writer.BeginPacket(owner._interface, timestamp, frameLength, frameLength);
                SyntheticFrameWriter.Tcp(frame, source, destination, fromClient, seq, ack, TcpFlags.Ack | TcpFlags.Psh, data.Slice(offset, length));
                owner._writer.EndPacket();
                if (fromClient)
                {
                    _clientSeq += (uint)length;
                }
                else
                {
                    _serverSeq += (uint)length;
                }
            }
        }

        public void Close(PlaintextModeOutput owner, long timestamp)
        {
            if (_closed || Udp)
            {
                return;
            }

            _closed = true;
            owner.Write(timestamp, SyntheticFrames.Tcp(connection.Client, connection.Server, true, _clientSeq, _serverSeq, syn: false, ack: true, psh: false, fin: true, []), null);
            _clientSeq++;
            owner.Write(timestamp, SyntheticFrames.Tcp(connection.Server, connection.Client, false, _serverSeq, _clientSeq, syn: false, ack: true, psh: false, fin: true, []), null);
            _serverSeq++;
            owner.Write(timestamp, SyntheticFrames.Tcp(connection.Client, connection.Server, true, _clientSeq, _serverSeq, syn: false, ack: true, psh: false, fin: false, []), null);
        }
    }
}
