namespace TlsExtcap.Core.Capture;

/// <summary>
/// Forward-only reader over a capture stream that hands out a block's or record's bytes in place — a slice
/// of the buffer the stream was read into, not a copy (<see cref="Take"/>). The stream is read in chunks:
/// on demand (<see cref="OnDemandChunks"/>: pipes and live input, where a frame must not wait for the next),
/// or ahead by a thread of its own (<see cref="ChunkPrefetcher"/>: files). A block that straddles two chunks
/// is made contiguous by copying the first chunk's unread tail into the room kept before the next chunk's
/// bytes, or, when longer than that room, by gathering it into a spill buffer. Tracks the absolute offset
/// for error reports and maps a corrupt gzip container (<see cref="InvalidDataException"/>) to
/// <see cref="CaptureFormatError.BadGzip"/>.
/// </summary>
internal sealed class CaptureInput : IDisposable
{
    /// <summary>Initial size of the buffers that writers keep for one block.</summary>
    internal const int BufferSize = 64 * 1024;

    /// <summary>Read ahead: 1 MiB per read, and room for a carried block tail of up to 256 KiB (pcapng blocks are rarely larger).</summary>
    private const int ReadAheadChunk = 1024 * 1024;
    private const int ReadAheadRoom = 256 * 1024;

    /// <summary>On demand: one read of up to 64 KiB, and room for a 64 KiB tail (a loopback frame).</summary>
    private const int OnDemandChunk = 64 * 1024;
    private const int OnDemandRoom = 64 * 1024;

    private readonly IChunkSource _source;
    private readonly string _displayName;
    private readonly int _headRoom;
    private CaptureChunk? _chunk;
    private int _start;
    private int _end;
    private byte[] _spill = [];
    private bool _endOfStream;

    /// <param name="stream">The (possibly decompressing) source; disposed with this object.</param>
    /// <param name="alreadyRead">Bytes already taken from <paramref name="stream"/> while sniffing the format; they are returned first.</param>
    /// <param name="displayName">Name of the capture for messages.</param>
    /// <param name="readAhead">Read (and decompress) on a thread of its own, ahead of the processing: for files.</param>
    public CaptureInput(Stream stream, ReadOnlySpan<byte> alreadyRead, string displayName, bool readAhead = false)
    {
        _displayName = displayName;
        _headRoom = readAhead ? ReadAheadRoom : OnDemandRoom;
        _source = readAhead
            ? new ChunkPrefetcher(stream, ReadAheadRoom, ReadAheadChunk)
            : new OnDemandChunks(stream, OnDemandRoom, OnDemandChunk);
        if (!alreadyRead.IsEmpty)
        {
            // A carried tail goes into the next chunk's room: this one needs none.
            _chunk = new CaptureChunk(alreadyRead.ToArray(), 0) { Length = alreadyRead.Length, Pooled = false };
            _start = _chunk.Start;
            _end = _start + alreadyRead.Length;
        }
    }

    /// <summary>True when a thread of its own reads the stream ahead (a file): a read never waits for input to arrive.</summary>
    public bool ReadsAhead => _source is ChunkPrefetcher;

    /// <summary>Offset of the next unread byte from the start of the (decompressed) capture.</summary>
    public long Position { get; private set; }

    public string DisplayName => _displayName;

    /// <summary>
    /// Copies the next bytes into <paramref name="destination"/> (at most as long as the headroom) without
    /// consuming them; returns fewer than its length only at the end of the stream.
    /// </summary>
    public int Peek(Span<byte> destination)
    {
        int take = Math.Min(Contiguous(destination.Length), destination.Length);
        if (take > 0)
        {
            _chunk!.Buffer.AsSpan(_start, take).CopyTo(destination);
        }

        return take;
    }

    /// <summary>
    /// Consumes the next <paramref name="length"/> bytes and returns them in place (gathered when they straddle
    /// chunks); shorter only at the end of the stream. Valid until the next call on this input.
    /// </summary>
    public ReadOnlyMemory<byte> Take(int length)
    {
        if (length <= _headRoom)
        {
            int take = Math.Min(Contiguous(length), length);
            if (take == 0)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            var bytes = new ReadOnlyMemory<byte>(_chunk!.Buffer, _start, take);
            _start += take;
            Position += take;
            return bytes;
        }

        // Longer than the room for a carried tail: gathered into the spill buffer.
        if (_spill.Length < length)
        {
            _spill = new byte[Math.Max(length, Math.Min(2 * _spill.Length, PcapngBlockReader.MaxBlockLength))];
        }

        int total = ReadAtMost(_spill.AsSpan(0, length));
        return new ReadOnlyMemory<byte>(_spill, 0, total);
    }

    /// <summary>Copies bytes into <paramref name="destination"/>; returns fewer than its length only at the end of the stream.</summary>
    public int ReadAtMost(Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            if (_end == _start && !NextChunk(carry: false))
            {
                break;
            }

            int take = Math.Min(_end - _start, destination.Length - total);
            _chunk!.Buffer.AsSpan(_start, take).CopyTo(destination[total..]);
            _start += take;
            total += take;
            Position += take;
        }

        return total;
    }

    /// <summary>Reads from <paramref name="stream"/> until <paramref name="destination"/> is full or the stream ends.</summary>
    internal static int ReadUntilFull(Stream stream, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int n = stream.Read(destination[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>Builds the exception for bytes that break the format, naming this capture in the message.</summary>
    public CaptureFormatException Error(CaptureFormatError reason, string structure, long offset, string detail) =>
        new(reason, structure, offset, $"{_displayName}: {detail}");

    public void Dispose()
    {
        _chunk = null;
        _source.Dispose();
    }

    /// <summary>Makes up to <paramref name="wanted"/> (at most the headroom) bytes contiguous at <see cref="_start"/>; returns how many are.</summary>
    private int Contiguous(int wanted)
    {
        while (_end - _start < wanted && NextChunk(carry: true))
        {
        }

        return _end - _start;
    }

    /// <summary>
    /// Moves to the next chunk; with <paramref name="carry"/>, the unread tail of the current one is copied
    /// into the room before the next chunk's bytes, which it then precedes. False at the end of the stream.
    /// </summary>
    private bool NextChunk(bool carry)
    {
        if (_endOfStream)
        {
            return false;
        }

        CaptureChunk? next;
        try
        {
            next = _source.Next();
        }
        catch (InvalidDataException ex)
        {
            throw new CaptureFormatException(CaptureFormatError.BadGzip, "gzip stream", Position, $"{_displayName}: corrupt compressed data", ex);
        }

        if (next is null)
        {
            _endOfStream = true;
            return false;
        }

        int tail = carry ? _end - _start : 0;
        if (tail > next.Start)
        {
            throw new InvalidOperationException($"a carried tail of {tail} bytes exceeds the {next.Start}-byte headroom");
        }

        if (tail > 0)
        {
            _chunk!.Buffer.AsSpan(_start, tail).CopyTo(next.Buffer.AsSpan(next.Start - tail));
        }

        if (_chunk is { Pooled: true })
        {
            _source.Return(_chunk);
        }

        _chunk = next;
        _start = next.Start - tail;
        _end = next.Start + next.Length;
        return true;
    }
}
