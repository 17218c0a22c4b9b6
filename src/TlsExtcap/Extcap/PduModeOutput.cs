using System.Buffers.Binary;
using System.Text;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Extcap;

/// <summary>
/// <c>--mode pdu</c>: decrypted application messages as exported PDUs (LINKTYPE_WIRESHARK_UPPER_PDU,
/// 252), as Wireshark's "Export PDUs" writes them (notes §5): TLVs naming the dissector (chosen from
/// ALPN, the content, or the server port), the addresses and ports, the original frame number, then the
/// message. Messages are reassembled first, since Wireshark does not reassemble across records.
/// </summary>
internal sealed class PduModeOutput : IFrameOutput, ITlsEventSink
{
    private const ushort TagEnd = 0;
    private const ushort TagDissectorName = 12;
    private const ushort TagDissectorTable = 14;
    private const ushort TagIpv4Source = 20;
    private const ushort TagIpv4Destination = 21;
    private const ushort TagIpv6Source = 22;
    private const ushort TagIpv6Destination = 23;
    private const ushort TagPortType = 24;
    private const ushort TagSourcePort = 25;
    private const ushort TagDestinationPort = 26;
    private const ushort TagOriginalFrame = 30;
    private const ushort TagDissectorTableValue = 32;
    private const uint PortTypeTcp = 2;
    private const uint PortTypeUdp = 3;

    private readonly PcapngWriter _writer;
    private readonly bool _flushEachFrame;
    private readonly int _interface;
    private readonly Dictionary<(TlsConnection, Direction), ApplicationMessageFramer> _framers = [];
    private readonly HashSet<TlsConnection> _announced = [];
    private readonly List<(TlsConnection Connection, Direction Direction, byte[] Message, long Frame)> _pending = [];

    public PduModeOutput(Stream output, bool flushEachFrame = true)
    {
        _flushEachFrame = flushEachFrame;
        _writer = new PcapngWriter(output, $"TlsExtcap {ExtcapDiscovery.Version}", leaveOpen: true);
        _interface = _writer.AddInterface((LinkType)252, name: "tlsextcap-pdu");
    }

    /// <summary>A lane of a parallel session: blocks of the section <paramref name="main"/> started, on its interface.</summary>
    private PduModeOutput(PduModeOutput main, Core.Capture.PcapngWriter lane)
    {
        _writer = lane;
        _interface = _writer.DeclareInterface(Core.Capture.TimestampResolution.Nanoseconds);
        System.Diagnostics.Debug.Assert(_interface == main._interface, "the main output's only interface");
    }

    public ITlsEventSink? Sink => this;

    public void OnApplicationData(TlsConnection connection, Direction direction, ReadOnlySpan<byte> plaintext, long frame)
    {
        if (plaintext.IsEmpty)
        {
            return;
        }

        if (!_framers.TryGetValue((connection, direction), out var framer))
        {
            framer = new ApplicationMessageFramer(ChooseDissector(connection, plaintext));
            _framers[(connection, direction)] = framer;
        }

        foreach (byte[] message in framer.Add(plaintext))
        {
            _pending.Add((connection, direction, message, frame));
        }
    }

    public void OnConnectionClosed(TlsConnection connection)
    {
        foreach (var direction in new[] { Direction.ClientToServer, Direction.ServerToClient })
        {
            if (_framers.Remove((connection, direction), out var framer) && framer.Rest() is { } rest)
            {
                _pending.Add((connection, direction, rest, connection.LastFrame));
            }
        }
    }

    public void OnFrame(in HeldFrame frame, TlsConnection? connection, string? summary, IReadOnlyList<string> trees)
    {
        foreach (var (conn, direction, message, original) in _pending)
        {
            string? facts = null;
            if (_announced.Add(conn))
            {
                facts = $"TlsExtcap: decrypted {conn.VersionName ?? "TLS"} {conn.CipherSuiteName ?? string.Empty}".TrimEnd()
                    + (conn.ServerName is { } sni ? $", SNI {sni}" : string.Empty) + (conn.Alpn is { } alpn ? $", ALPN {alpn}" : string.Empty);
            }

            string protocol = _framers.TryGetValue((conn, direction), out var framer) ? framer.Protocol : ChooseDissector(conn, message);
            byte[] record = Build(conn, direction, protocol, message, original);
            _writer.WritePacket(_interface, frame.TimestampNanoseconds, record, record.Length, facts, null);
        }

        _pending.Clear();
        if (_flushEachFrame)
        {
            _writer.Flush();
        }
    }

    public void Flush() => _writer.Flush();

    public void Forget(TlsConnection connection)
    {
        _announced.Remove(connection);
        _framers.Remove((connection, Direction.ClientToServer));
        _framers.Remove((connection, Direction.ServerToClient));
    }

    public void Dispose() => _writer.Dispose();

    public IFrameOutput CreateLane(Core.Capture.PcapngWriter writer) => new PduModeOutput(this, writer);

    /// <summary>ALPN first (RFC 7301), then the content; empty means "by server port".</summary>
    public static string ChooseDissector(TlsConnection connection, ReadOnlySpan<byte> firstBytes)
    {
        switch (connection.Alpn)
        {
            case "h2":
                return "http2";
            case "http/1.1" or "http/1.0":
                return "http";
        }

        if (firstBytes.StartsWith("PRI * HTTP/2.0"u8))
        {
            return "http2";
        }

        foreach (string method in new[] { "GET ", "POST ", "PUT ", "HEAD ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT ", "HTTP/1." })
        {
            if (firstBytes.StartsWith(Encoding.ASCII.GetBytes(method)))
            {
                return "http";
            }
        }

        // Anything else: let Wireshark pick by port (the tcp.port / udp.port table).
        return string.Empty;
    }

    private static byte[] Build(TlsConnection connection, Direction direction, string protocol, byte[] message, long originalFrame)
    {
        bool fromClient = direction == Direction.ClientToServer;
        var source = fromClient ? connection.Client : connection.Server;
        var destination = fromClient ? connection.Server : connection.Client;
        var tlv = new List<byte>(64 + message.Length);
        if (protocol.Length > 0)
        {
            AddTag(tlv, TagDissectorName, Encoding.ASCII.GetBytes(protocol));
        }
        else
        {
            AddTag(tlv, TagDissectorTable, Encoding.ASCII.GetBytes(connection.Transport == TransportProtocol.Udp ? "udp.port" : "tcp.port"));
            AddUInt32(tlv, TagDissectorTableValue, connection.Server.Port);
        }

        Span<byte> address = stackalloc byte[16];
        bool v6 = source.Address.IsV6;
        int size = v6 ? 16 : 4;
        source.Address.WriteTo(address);
        AddTag(tlv, v6 ? TagIpv6Source : TagIpv4Source, address[..size]);
        destination.Address.WriteTo(address);
        AddTag(tlv, v6 ? TagIpv6Destination : TagIpv4Destination, address[..size]);
        AddUInt32(tlv, TagPortType, connection.Transport == TransportProtocol.Udp ? PortTypeUdp : PortTypeTcp);
        AddUInt32(tlv, TagSourcePort, source.Port);
        AddUInt32(tlv, TagDestinationPort, destination.Port);
        AddUInt32(tlv, TagOriginalFrame, (uint)Math.Max(0, originalFrame));
        AddTag(tlv, TagEnd, []);
        tlv.AddRange(message);
        return [.. tlv];
    }

    private static void AddUInt32(List<byte> tlv, ushort tag, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        AddTag(tlv, tag, bytes);
    }

    private static void AddTag(List<byte> tlv, ushort tag, ReadOnlySpan<byte> value)
    {
        tlv.Add((byte)(tag >> 8));
        tlv.Add((byte)tag);
        tlv.Add((byte)(value.Length >> 8));
        tlv.Add((byte)value.Length);
        tlv.AddRange(value.ToArray());
    }
}
