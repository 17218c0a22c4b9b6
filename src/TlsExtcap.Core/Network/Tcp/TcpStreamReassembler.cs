namespace TlsExtcap.Core.Network.Tcp;

/// <summary>
/// Reassembles ONE direction of a TCP connection into an ordered byte stream (RFC 9293 §3.4, §3.10.7.4).
/// Sequence numbers are unwrapped to 64-bit offsets from the first stream byte, using RFC 1982 serial
/// arithmetic against the next expected offset, so wrap-around past 2^32 needs no special case.
/// Out-of-order data is copied into a buffer bounded by <c>maxBufferedBytes</c>; when that is exceeded the
/// hole in front of it is declared lost. Overlaps are resolved first-wins.
/// </summary>
public sealed partial class TcpStreamReassembler
{
    private readonly ITcpStreamSink _sink;
    private readonly int _maxBufferedBytes;

    /// <summary>Buffered, non-overlapping out-of-order segments keyed by stream offset; every key is beyond <see cref="_nextOffset"/>.</summary>
    private readonly SortedList<long, BufferedSegment> _buffered = [];

    /// <summary>Sequence number of stream offset 0: ISN + 1, or the first data byte seen when the SYN was not captured.</summary>
    private uint _baseSequence;
    private bool _started;
    private bool _closed;

    /// <summary>Offset of the next byte to deliver.</summary>
    private long _nextOffset;

    /// <summary>Offset the FIN occupies (the byte after the last data byte), once a FIN was seen.</summary>
    private long? _finOffset;
    private long _finFrame;

    /// <summary>Creates a reassembler that delivers to <paramref name="sink"/>.</summary>
    /// <param name="sink">Receives data, gaps and the close.</param>
    /// <param name="maxBufferedBytes">Most out-of-order bytes held before the hole in front of them is declared lost.</param>
    public TcpStreamReassembler(ITcpStreamSink sink, int maxBufferedBytes = 16 * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBufferedBytes);
        _sink = sink;
        _maxBufferedBytes = maxBufferedBytes;
    }

    /// <summary>Bytes passed to <see cref="ITcpStreamSink.OnData"/> so far.</summary>
    public long DeliveredBytes { get; private set; }

    /// <summary>Payload bytes dropped because they had already been delivered or buffered.</summary>
    public long RetransmittedBytes { get; private set; }

    /// <summary>Number of <see cref="ITcpStreamSink.OnGap"/> calls so far.</summary>
    public int GapCount { get; private set; }

    /// <summary>Out-of-order bytes currently held.</summary>
    public long BufferedBytes { get; private set; }

    /// <summary>Times the out-of-order buffer went over its bound and the hole in front of it was declared lost.</summary>
    public int WindowOverflows { get; private set; }

    /// <summary>Feeds one captured segment of this direction.</summary>
    /// <param name="sequenceNumber">The segment's sequence number field.</param>
    /// <param name="flags">The segment's flags.</param>
    /// <param name="payload">The TCP payload (copied only if it must be buffered).</param>
    /// <param name="frameNumber">The capture frame number, passed back to the sink.</param>
    public void AddSegment(uint sequenceNumber, TcpFlags flags, ReadOnlySpan<byte> payload, long frameNumber)
    {
        if (_closed)
        {
            return;
        }

        bool syn = (flags & TcpFlags.Syn) != 0;
        bool fin = (flags & TcpFlags.Fin) != 0;

        // RFC 9293 §3.4: the SYN occupies the sequence number before the first data byte.
        uint dataSequence = syn ? unchecked(sequenceNumber + 1) : sequenceNumber;
        if (!_started)
        {
            if (!syn && !fin && payload.IsEmpty)
            {
                // A pure ACK (or RST) before anything is known says nothing about the stream.
                if ((flags & TcpFlags.Rst) != 0)
                {
                    Close(reset: true, frameNumber);
                }

                return;
            }

            // With the SYN, data starts at ISN + 1; without it (capture started mid-connection),
            // the first segment carrying data or a FIN defines offset 0.
            _baseSequence = dataSequence;
            _started = true;
        }

        long offset = Unwrap(dataSequence);
        if (!payload.IsEmpty)
        {
            AcceptPayload(offset, payload, frameNumber);
        }

        if (fin && _finOffset is null)
        {
            // RFC 9293 §3.4: the FIN occupies the sequence number after the last data byte.
            _finOffset = offset + payload.Length;
            _finFrame = frameNumber;
            DropBufferedBeyondFin();
        }

        if ((flags & TcpFlags.Rst) != 0)
        {
            // The peer aborted: what is buffered beyond holes will never be completed.
            FlushAcrossHoles();
            Close(reset: true, frameNumber);
            return;
        }

        TryReportFin();
    }

    /// <summary>
    /// End of capture: delivers what is buffered beyond holes, each hole reported through
    /// <see cref="ITcpStreamSink.OnGap"/> first, and reports a FIN whose preceding bytes are now accounted for.
    /// </summary>
    public void Finish(long frameNumber)
    {
        if (_closed)
        {
            return;
        }

        FlushAcrossHoles();
        if (_finOffset is long fin && _nextOffset < fin)
        {
            // Bytes before the FIN were never captured.
            ReportGap(fin - _nextOffset, _finFrame);
            _nextOffset = fin;
        }

        TryReportFin();
    }

    /// <summary>RFC 1982 serial arithmetic: the offset nearest to the next expected one.</summary>
    private long Unwrap(uint sequence)
    {
        uint expected = unchecked(_baseSequence + (uint)_nextOffset);
        int delta = unchecked((int)(sequence - expected));
        return _nextOffset + delta;
    }

    private void AcceptPayload(long offset, ReadOnlySpan<byte> payload, long frameNumber)
    {
        long end = offset + payload.Length;
        if (_finOffset is long fin && end > fin)
        {
            // RFC 9293 §3.10.7.4: nothing follows a FIN; bytes beyond it are bogus.
            if (offset >= fin)
            {
                return;
            }

            payload = payload[..(int)(fin - offset)];
            end = fin;
        }

        // Bytes already delivered: a retransmission (first wins).
        if (offset < _nextOffset)
        {
            long old = Math.Min(_nextOffset - offset, payload.Length);
            RetransmittedBytes += old;
            if (old == payload.Length)
            {
                return;
            }

            payload = payload[(int)old..];
            offset = _nextOffset;
        }

        if (offset == _nextOffset)
        {
            // Fast path: deliver straight from the caller's span, up to the first buffered segment.
            long limit = _buffered.Count > 0 ? _buffered.Keys[0] : long.MaxValue;
            int direct = (int)Math.Min(payload.Length, limit - offset);
            Deliver(payload[..direct], frameNumber);
            payload = payload[direct..];
            offset += direct;
        }

        if (!payload.IsEmpty)
        {
            Buffer(offset, payload, frameNumber);
        }

        DrainContiguous();
        EnforceBufferLimit();
    }

    private void Deliver(ReadOnlySpan<byte> data, long frameNumber)
    {
        if (data.IsEmpty)
        {
            return;
        }

        _nextOffset += data.Length;
        DeliveredBytes += data.Length;
        _sink.OnData(data, frameNumber);
    }

    private void ReportGap(long missingBytes, long frameNumber)
    {
        GapCount++;
        _sink.OnGap(missingBytes, frameNumber);
    }

    private void TryReportFin()
    {
        if (_finOffset is long fin && _nextOffset >= fin)
        {
            Close(reset: false, _finFrame);
        }
    }

    private void Close(bool reset, long frameNumber)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _sink.OnClose(reset, frameNumber);
    }
}
