using System.IO.Compression;

namespace TlsExtcap.Core.Capture;

/// <summary>
/// Forward-only buffered reader over a capture stream. Tracks the absolute offset for error reports and
/// maps a corrupt gzip container (<see cref="InvalidDataException"/>) to <see cref="CaptureFormatError.BadGzip"/>.
/// </summary>
internal sealed class CaptureInput : IDisposable
{
    internal const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly string _displayName;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private bool _endOfStream;

    /// <param name="stream">The (possibly decompressing) source; disposed with this object.</param>
    /// <param name="alreadyRead">Bytes already taken from <paramref name="stream"/> while sniffing the format; they are returned first.</param>
    /// <param name="displayName">Name of the capture for messages.</param>
    public CaptureInput(Stream stream, ReadOnlySpan<byte> alreadyRead, string displayName)
    {
        _stream = stream;
        _displayName = displayName;
        alreadyRead.CopyTo(_buffer);
        _end = alreadyRead.Length;
    }

    /// <summary>Offset of the next unread byte from the start of the (decompressed) capture.</summary>
    public long Position { get; private set; }

    public string DisplayName => _displayName;

    /// <summary>Copies bytes into <paramref name="destination"/>; returns fewer than its length only at the end of the stream.</summary>
    public int ReadAtMost(Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int buffered = _end - _start;
            if (buffered == 0)
            {
                if (_endOfStream)
                {
                    break;
                }

                int remaining = destination.Length - total;
                if (remaining >= BufferSize)
                {
                    // Large reads bypass the buffer to avoid a second copy.
                    int direct = ReadSource(destination[total..]);
                    if (direct == 0)
                    {
                        _endOfStream = true;
                        break;
                    }

                    total += direct;
                    Position += direct;
                    continue;
                }

                _start = 0;
                _end = ReadSource(_buffer);
                if (_end == 0)
                {
                    _endOfStream = true;
                    break;
                }

                buffered = _end;
            }

            int take = Math.Min(buffered, destination.Length - total);
            _buffer.AsSpan(_start, take).CopyTo(destination[total..]);
            _start += take;
            total += take;
            Position += take;
        }

        return total;
    }

    private int ReadSource(Span<byte> destination)
    {
        try
        {
            return _stream.Read(destination);
        }
        catch (InvalidDataException ex)
        {
            throw new CaptureFormatException(
                CaptureFormatError.BadGzip, "gzip stream", Position, $"{_displayName}: corrupt compressed data", ex);
        }
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

    public void Dispose() => _stream.Dispose();
}
