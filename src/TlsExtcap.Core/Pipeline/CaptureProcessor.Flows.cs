using TlsExtcap.Core.Network;
using TlsExtcap.Core.Network.Tcp;
using TlsExtcap.Core.Tls.Records;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Pipeline;

public sealed partial class CaptureProcessor
{
    private Flow? OnTcp(ref TransportPacket packet, long frameNumber)
    {
        var key = (packet.Source, packet.Destination, TransportProtocol.Tcp);
        bool fromA = true;
        if (!_flows.TryGetValue(key, out var flow))
        {
            if (_flows.TryGetValue((packet.Destination, packet.Source, TransportProtocol.Tcp), out flow))
            {
                fromA = false;
            }
        }

        bool syn = (packet.Flags & TcpFlags.Syn) != 0;
        bool ack = (packet.Flags & TcpFlags.Ack) != 0;
        if (flow is not null && syn && !ack && flow.SawData && (flow.Finished || flow.Closing))
        {
            // A new connection on the same four-tuple after the old one ended.
            flow.Finish(frameNumber);
            _flows.Remove(fromA ? key : (packet.Destination, packet.Source, TransportProtocol.Tcp));
            flow = null;
        }

        if (flow is null)
        {
            if (!syn && RecentlyClosed(packet.Source, packet.Destination))
            {
                // The last ACK or a late retransmission of a connection already forgotten.
                return null;
            }

            flow = new Flow(this, packet.Source, packet.Destination, TransportProtocol.Tcp);
            _flows[key] = flow;
            fromA = true;
        }

        if (flow.Ignored || flow.Stopped)
        {
            // Not TLS, or over a limit: nothing is parsed any more, but the close is still noticed so
            // that a new connection on the same four-tuple starts afresh (and the flow can be forgotten).
            flow.NoteClose(fromA, packet.Flags);
            return flow;
        }

        if (syn && !ack && flow.SynFromA is null)
        {
            flow.SynFromA = fromA;
        }

        var reassembler = flow.Reassembler(fromA);
        reassembler.AddSegment(packet.SequenceNumber, packet.Flags, packet.Payload, frameNumber);
        if (reassembler.WindowOverflows > 0 && !flow.Ignored)
        {
            flow.Connection?.ExceedLimit(ConnectionLimit.ReassemblyWindow);
        }

        flow.StopIfOverLimit();
        return flow;
    }

    private Flow? OnUdp(ref TransportPacket packet, long frameNumber)
    {
        var key = (packet.Source, packet.Destination, TransportProtocol.Udp);
        bool fromA = true;
        if (!_flows.TryGetValue(key, out var flow))
        {
            if (_flows.TryGetValue((packet.Destination, packet.Source, TransportProtocol.Udp), out flow))
            {
                fromA = false;
            }
        }

        if (flow is null)
        {
            // RFC 6347 §4.1: only a datagram starting with a DTLS record header starts a DTLS flow.
            if (!DtlsRecordHeader.TryRead(packet.Payload, out var header))
            {
                return null;
            }

            flow = new Flow(this, packet.Source, packet.Destination, TransportProtocol.Udp);
            _flows[key] = flow;
            fromA = true;
            // The ClientHello's sender is the client (handshake type at offset 13).
            bool clientHello = header.Type == ContentType.Handshake && packet.Payload.Length > DtlsRecordHeader.Size
                && packet.Payload[DtlsRecordHeader.Size] == (byte)HandshakeType.ClientHello;
            bool serverFirst = header.Type == ContentType.Handshake && packet.Payload.Length > DtlsRecordHeader.Size
                && packet.Payload[DtlsRecordHeader.Size] is (byte)HandshakeType.ServerHello or (byte)HandshakeType.HelloVerifyRequest;
            bool clientIsA = clientHello || (!serverFirst && packet.Source.Port >= packet.Destination.Port);
            flow.Connection = clientIsA
                ? NewConnection(TransportProtocol.Udp, packet.Source, packet.Destination, frameNumber)
                : NewConnection(TransportProtocol.Udp, packet.Destination, packet.Source, frameNumber);
            flow.ClientIsA = clientIsA;
        }

        var connection = flow.Connection!;
        if (!flow.Stopped)
        {
            connection.OnDatagram(fromA == flow.ClientIsA ? Direction.ClientToServer : Direction.ServerToClient, packet.Payload, frameNumber);
            flow.StopIfOverLimit();
        }

        return flow;
    }

    /// <summary>One TCP or UDP flow: its two endpoints (A = first sender), reassemblers and connection.</summary>
    private sealed class Flow
    {
        private readonly CaptureProcessor _owner;
        private TcpStreamReassembler? _fromA;
        private TcpStreamReassembler? _fromB;
        private bool _closedA;
        private bool _closedB;

        public Flow(CaptureProcessor owner, IpEndpoint a, IpEndpoint b, TransportProtocol transport)
        {
            _owner = owner;
            A = a;
            B = b;
            Transport = transport;
        }

        public IpEndpoint A { get; }

        public IpEndpoint B { get; }

        public TransportProtocol Transport { get; }

        public bool? SynFromA { get; set; }

        public bool ClientIsA { get; set; }

        public TlsConnection? Connection { get; set; }

        public bool SawData { get; private set; }

        public bool Closing => _closedA || _closedB;

        public bool Finished { get; private set; }

        /// <summary>Not TLS, or closed: further packets are dropped cheaply.</summary>
        public bool Ignored { get; private set; }

        /// <summary>The connection went over a limit (<see cref="TlsConnection.LimitExceeded"/>): its packets are no longer parsed, but still belong to it.</summary>
        public bool Stopped { get; private set; }

        public TcpStreamReassembler Reassembler(bool fromA) => fromA
            ? _fromA ??= new TcpStreamReassembler(new DirectionSink(this, true), _owner._options.MaxReassemblyBytes)
            : _fromB ??= new TcpStreamReassembler(new DirectionSink(this, false), _owner._options.MaxReassemblyBytes);

        /// <summary>Once the connection is over a limit: drop the reassembly buffers and free its state.</summary>
        public void StopIfOverLimit()
        {
            if (Stopped || Connection is not { LimitExceeded: not null } connection)
            {
                return;
            }

            Stopped = true;
            _fromA = _fromB = null;
            connection.ReleaseOverLimit();
        }

        /// <summary>Both directions closed (FIN or RST): with RetainClosedConnections off the flow is forgotten after this packet.</summary>
        public bool Done { get; private set; }

        /// <summary>FIN and RST of a flow that is no longer parsed (stopped, or not TLS), so that the four-tuple can be reused.</summary>
        public void NoteClose(bool fromA, TcpFlags flags)
        {
            SawData = true;
            if ((flags & TcpFlags.Rst) != 0)
            {
                _closedA = _closedB = true;
            }
            else if ((flags & TcpFlags.Fin) != 0)
            {
                _closedA |= fromA;
                _closedB |= !fromA;
            }

            if (_closedA && _closedB && !Done)
            {
                Done = true;
                if (!Ignored)
                {
                    // A connection over a limit still closes (outputs end its synthetic stream); one
                    // that is not TLS has nothing to report.
                    Connection?.OnTransportClosed();
                }
            }
        }

        public void Finish(long frame)
        {
            if (Finished)
            {
                return;
            }

            Finished = true;
            _fromA?.Finish(frame);
            _fromB?.Finish(frame);
        }

        private void OnData(bool fromA, ReadOnlySpan<byte> data, long frame)
        {
            SawData = true;
            if (Stopped)
            {
                return;
            }

            var connection = Connection;
            if (connection is null)
            {
                ClientIsA = DecideClient(fromA, data);
                connection = Connection = ClientIsA
                    ? _owner.NewConnection(Transport, A, B, frame)
                    : _owner.NewConnection(Transport, B, A, frame);
            }

            if (connection.LimitExceeded is not null)
            {
                // Over a limit earlier in this same segment; StopIfOverLimit runs once it returns.
                return;
            }

            connection.OnStreamData(fromA == ClientIsA ? Direction.ClientToServer : Direction.ServerToClient, data, frame);
            connection.TrimIdleBuffers();
            if (connection.GaveUp)
            {
                Ignored = true;
                _fromA = _fromB = null;
            }
        }

        /// <summary>The SYN sender is the client; else the sender of a ClientHello; else the higher port.</summary>
        private bool DecideClient(bool fromA, ReadOnlySpan<byte> data)
        {
            if (SynFromA is { } synFromA)
            {
                return synFromA;
            }

            if (data.Length > 5 && data[0] == (byte)ContentType.Handshake)
            {
                if (data[5] == (byte)HandshakeType.ClientHello)
                {
                    return fromA;
                }

                if (data[5] == (byte)HandshakeType.ServerHello)
                {
                    return !fromA;
                }
            }

            if (data.Length > 2 && (data[0] & 0x80) != 0 && data[2] == 1)
            {
                return fromA;
            }

            return A.Port >= B.Port;
        }

        private void OnGap(bool fromA, long missing, long frame)
        {
            if (Stopped || Connection?.LimitExceeded is not null)
            {
                return;
            }

            Connection?.OnStreamGap(fromA == ClientIsA ? Direction.ClientToServer : Direction.ServerToClient, missing, frame);
        }

        private void OnClose(bool fromA, bool reset, long frame)
        {
            if (reset)
            {
                _closedA = _closedB = true;
            }
            else if (fromA)
            {
                _closedA = true;
            }
            else
            {
                _closedB = true;
            }

            if (_closedA && _closedB)
            {
                Done = true;
                Connection?.OnTransportClosed();
            }
        }

        private sealed class DirectionSink(Flow flow, bool fromA) : ITcpStreamSink
        {
            public void OnData(ReadOnlySpan<byte> data, long frameNumber) => flow.OnData(fromA, data, frameNumber);

            public void OnGap(long missingBytes, long frameNumber) => flow.OnGap(fromA, missingBytes, frameNumber);

            public void OnClose(bool reset, long frameNumber) => flow.OnClose(fromA, reset, frameNumber);
        }
    }
}
