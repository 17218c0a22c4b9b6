namespace TlsExtcap.Core.Network.Tcp;

public sealed partial class TcpStreamReassembler
{
    /// <summary>
    /// Stores the parts of [offset, offset + payload.Length) that no buffered segment covers yet
    /// (first-received data wins), so buffered segments never overlap.
    /// </summary>
    private void Buffer(long offset, ReadOnlySpan<byte> payload, long frameNumber)
    {
        long end = offset + payload.Length;
        long position = offset;
        int index = FirstEndingAfter(position);
        while (position < end)
        {
            if (index < _buffered.Count && _buffered.Keys[index] <= position)
            {
                // Already buffered: a retransmission of out-of-order data.
                long coveredEnd = Math.Min(_buffered.Keys[index] + _buffered.Values[index].Data.Length, end);
                RetransmittedBytes += coveredEnd - position;
                position = coveredEnd;
                index++;
                continue;
            }

            long pieceEnd = index < _buffered.Count ? Math.Min(_buffered.Keys[index], end) : end;
            byte[] copy = payload[(int)(position - offset)..(int)(pieceEnd - offset)].ToArray();
            _buffered.Add(position, new BufferedSegment(copy, frameNumber));
            BufferedBytes += copy.Length;
            position = pieceEnd;

            // The insert shifted the segment that started at pieceEnd to index + 1.
            index++;
        }
    }

    /// <summary>Index of the first buffered segment whose end is beyond <paramref name="position"/>.</summary>
    private int FirstEndingAfter(long position)
    {
        IList<long> keys = _buffered.Keys;
        int low = 0;
        int high = keys.Count;

        // First key greater than position.
        while (low < high)
        {
            int mid = low + ((high - low) / 2);
            if (keys[mid] <= position)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        // The segment before it may still reach past position.
        if (low > 0 && keys[low - 1] + _buffered.Values[low - 1].Data.Length > position)
        {
            return low - 1;
        }

        return low;
    }

    /// <summary>Delivers buffered segments that now continue the stream.</summary>
    private void DrainContiguous()
    {
        while (_buffered.Count > 0 && _buffered.Keys[0] <= _nextOffset)
        {
            long start = _buffered.Keys[0];
            BufferedSegment segment = _buffered.Values[0];
            _buffered.RemoveAt(0);
            BufferedBytes -= segment.Data.Length;
            long skip = _nextOffset - start;
            if (skip < segment.Data.Length)
            {
                Deliver(segment.Data.AsSpan((int)skip), segment.FrameNumber);
            }
        }
    }

    /// <summary>Bounded memory: while too much is buffered, the hole in front of it is declared lost.</summary>
    private void EnforceBufferLimit()
    {
        if (BufferedBytes > _maxBufferedBytes)
        {
            WindowOverflows++;
        }

        while (BufferedBytes > _maxBufferedBytes)
        {
            SkipFirstHole();
        }
    }

    /// <summary>Delivers everything buffered, reporting each hole as a gap first.</summary>
    private void FlushAcrossHoles()
    {
        while (_buffered.Count > 0)
        {
            SkipFirstHole();
        }
    }

    private void SkipFirstHole()
    {
        long start = _buffered.Keys[0];
        ReportGap(start - _nextOffset, _buffered.Values[0].FrameNumber);
        _nextOffset = start;
        DrainContiguous();
    }

    /// <summary>Out-of-order data received before the FIN that lies beyond it is bogus.</summary>
    private void DropBufferedBeyondFin()
    {
        long fin = _finOffset!.Value;
        while (_buffered.Count > 0)
        {
            int last = _buffered.Count - 1;
            long start = _buffered.Keys[last];
            BufferedSegment segment = _buffered.Values[last];
            if (start + segment.Data.Length <= fin)
            {
                return;
            }

            _buffered.RemoveAt(last);
            BufferedBytes -= segment.Data.Length;
            if (start < fin)
            {
                byte[] kept = segment.Data.AsSpan(0, (int)(fin - start)).ToArray();
                _buffered.Add(start, segment with { Data = kept });
                BufferedBytes += kept.Length;
                return;
            }
        }
    }

    private readonly record struct BufferedSegment(byte[] Data, long FrameNumber);
}
