namespace TlsExtcap.Extcap;

/// <summary>
/// The blocks one lane of a <see cref="ParallelCaptureSession"/> (or its reading thread) gathered for one batch,
/// cut into runs: each run holds what one frame (or one tick) produced and carries its key, by which the session
/// merges the buffers of all lanes into the output. Keys never decrease within one buffer.
/// </summary>
internal sealed class LaneBuffer
{
    private readonly List<(long Key, int Offset)> _marks = [];

    /// <summary>The gathered blocks: the first <see cref="Length"/> bytes.</summary>
    public byte[] Bytes { get; private set; } = [];

    public int Length { get; private set; }

    /// <summary>Runs in this buffer (each non-empty, but perhaps the last).</summary>
    public int Runs => _marks.Count;

    /// <summary>Frames the lane handed to its output for this batch.</summary>
    public int Frames { get; set; }

    /// <summary>Empties the buffer for the next batch.</summary>
    public void Reset()
    {
        _marks.Clear();
        Bytes = [];
        Length = 0;
        Frames = 0;
    }

    /// <summary>What is gathered from <paramref name="offset"/> on belongs to <paramref name="key"/> (a run left empty before it is dropped).</summary>
    public void Mark(long key, int offset)
    {
        if (_marks.Count > 0 && _marks[^1].Offset == offset)
        {
            _marks[^1] = (key, offset);
            return;
        }

        _marks.Add((key, offset));
    }

    /// <summary>The blocks gathered for the batch: the first <paramref name="length"/> bytes of <paramref name="bytes"/>.</summary>
    public void Fill(byte[] bytes, int length)
    {
        Bytes = bytes;
        Length = length;
        if (_marks.Count > 0 && _marks[^1].Offset == length)
        {
            _marks.RemoveAt(_marks.Count - 1);
        }
    }

    /// <summary>The key of run <paramref name="index"/>.</summary>
    public long KeyOf(int index) => _marks[index].Key;

    /// <summary>The bytes of runs <paramref name="first"/> to <paramref name="last"/> together (they lie one after the other).</summary>
    public ReadOnlySpan<byte> Span(int first, int last)
    {
        int end = last + 1 < _marks.Count ? _marks[last + 1].Offset : Length;
        return Bytes.AsSpan(_marks[first].Offset, end - _marks[first].Offset);
    }
}
