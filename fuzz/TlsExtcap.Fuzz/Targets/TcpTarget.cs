using System.Buffers.Binary;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Network.Tcp;

namespace TlsExtcap.Fuzz.Targets;

/// <summary>
/// TCP reassembly of one direction under arbitrary segments. The input is a small program:
/// <code>
/// u8 window_selector; u32 initial_sequence;
/// struct { u8 flags; i16 sequence_delta; u8 length; u8 payload[length]; } segments[];
/// </code>
/// where each segment starts <c>sequence_delta</c> bytes after the end of the previous one (negative:
/// a retransmission or overlap; large: a hole, or far beyond the window). The sink checks the
/// reassembler's contract; a broken invariant is a finding.
/// </summary>
public static class TcpTarget
{
    private static readonly int[] Windows = [0, 1, 64, 1024, 4096, 16 * 1024 * 1024];

    public static void Run(byte[] input)
    {
        if (input.Length < 5)
        {
            return;
        }

        int window = Windows[input[0] % Windows.Length];
        var sink = new CheckingSink();
        var reassembler = new TcpStreamReassembler(sink, window);
        sink.Reassembler = reassembler;
        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(input.AsSpan(1));
        long fed = 0;
        long frame = 0;
        int offset = 5;
        while (offset + 4 <= input.Length)
        {
            var flags = (TcpFlags)input[offset];
            short delta = BinaryPrimitives.ReadInt16BigEndian(input.AsSpan(offset + 1));
            int length = Math.Min(input[offset + 3], input.Length - offset - 4);
            var payload = input.AsSpan(offset + 4, length);
            offset += 4 + length;
            sequence = unchecked(sequence + (uint)delta);
            reassembler.AddSegment(sequence, flags, payload, ++frame);
            fed += length;
            sequence = unchecked(sequence + (uint)length + ((flags & TcpFlags.Syn) != 0 ? 1u : 0u));
            Check(reassembler.BufferedBytes <= window, "buffered bytes over the window");
            Check(reassembler.DeliveredBytes <= fed, "delivered more bytes than were fed");
            Check(reassembler.DeliveredBytes + reassembler.BufferedBytes <= fed, "delivered and buffered exceed what was fed");
        }

        reassembler.Finish(++frame);
        Check(reassembler.BufferedBytes == 0, "bytes still buffered after Finish");
        Check(sink.Delivered == reassembler.DeliveredBytes, "sink and reassembler disagree on delivered bytes");
    }

    /// <summary>The TCP payloads of the seed capture's client direction, as such a program.</summary>
    public static IReadOnlyList<byte[]> Seeds()
    {
        var program = new List<byte> { 3, 0, 0, 0, 0 };
        var other = new List<byte> { 4, 0, 0, 0, 0 };
        using var reader = CaptureReader.Open(Path.Combine(FuzzTargets.SeedsFolder, "seed.pcap"));
        uint? next = null;
        bool first = true;
        while (reader.TryRead(out var record))
        {
            if (!PacketDecoder.TryDecode(record.LinkType, record.Data.Span, out var packet) || packet.Source.Port == 8443)
            {
                continue;
            }

            if (first)
            {
                BinaryPrimitives.WriteUInt32BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(program).Slice(1, 4), packet.SequenceNumber);
                next = packet.SequenceNumber;
                first = false;
            }

            var payload = packet.Payload;
            uint sequence = packet.SequenceNumber;
            do
            {
                int length = Math.Min(255, payload.Length);
                short delta = (short)unchecked((int)(sequence - next!.Value));
                program.Add((byte)packet.Flags);
                program.Add((byte)(delta >> 8));
                program.Add((byte)delta);
                program.Add((byte)length);
                program.AddRange(payload[..length].ToArray());
                next = unchecked(sequence + (uint)length + ((packet.Flags & TcpFlags.Syn) != 0 ? 1u : 0u));
                sequence = unchecked(sequence + (uint)length);
                payload = payload[length..];
            }
            while (!payload.IsEmpty);
        }

        // A hand-made one: data, a hole, out-of-order data, a retransmission, then a FIN.
        other.AddRange([(byte)TcpFlags.Syn, 0, 0, 0]);
        other.AddRange([(byte)TcpFlags.Ack, 0, 0, 4, 1, 2, 3, 4]);
        other.AddRange([(byte)TcpFlags.Ack, 0, 8, 4, 9, 9, 9, 9]);
        other.AddRange([(byte)TcpFlags.Ack, 0xff, 0xe8, 8, 5, 6, 7, 8, 9, 9, 9, 9]);
        other.AddRange([(byte)(TcpFlags.Ack | TcpFlags.Fin), 0, 4, 0]);
        return [program.ToArray(), other.ToArray()];
    }

    private static void Check(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"TCP reassembly invariant broken: {invariant}");
        }
    }

    private sealed class CheckingSink : ITcpStreamSink
    {
        public TcpStreamReassembler? Reassembler { get; set; }

        public long Delivered { get; private set; }

        public bool Closed { get; private set; }

        public void OnData(ReadOnlySpan<byte> data, long frameNumber)
        {
            Check(!Closed, "data after the close");
            Check(!data.IsEmpty, "empty data delivered");
            Delivered += data.Length;
        }

        public void OnGap(long missingBytes, long frameNumber)
        {
            Check(!Closed, "gap after the close");
            Check(missingBytes != 0, "a gap of zero bytes");
        }

        public void OnClose(bool reset, long frameNumber)
        {
            Check(!Closed, "closed twice");
            Closed = true;
        }
    }
}
