using System.Buffers.Binary;
using System.Diagnostics;

namespace TlsExtcap.Load;

/// <summary>
/// The extcap's output during a latency run: parses the pcapng blocks written to it and records the
/// <see cref="Stopwatch"/> time at which each Enhanced Packet Block arrived (in output order). Keeps nothing else.
/// </summary>
internal sealed class EpbTimingStream(int capacity) : WriteOnlyStream
{
    private const uint EnhancedPacketBlock = 6;
    private readonly long[] _arrivals = new long[capacity];
    private readonly byte[] _header = new byte[8];
    private int _headerUsed;
    private long _remaining;

    public int Count { get; private set; }

    public ReadOnlySpan<long> Arrivals => _arrivals.AsSpan(0, Count);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        long now = Stopwatch.GetTimestamp();
        while (!buffer.IsEmpty)
        {
            if (_remaining > 0)
            {
                int skip = (int)Math.Min(_remaining, buffer.Length);
                buffer = buffer[skip..];
                _remaining -= skip;
                continue;
            }

            // pcapng §3.1: block type, then block total length; our writer writes little-endian.
            int take = Math.Min(8 - _headerUsed, buffer.Length);
            buffer[..take].CopyTo(_header.AsSpan(_headerUsed));
            _headerUsed += take;
            buffer = buffer[take..];
            if (_headerUsed < 8)
            {
                continue;
            }

            _headerUsed = 0;
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(_header);
            _remaining = BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(4)) - 8;
            if (type == EnhancedPacketBlock && Count < _arrivals.Length)
            {
                // Stamped when the block starts: a block arrives in one flushed write.
                _arrivals[Count++] = now;
            }
        }
    }
}
