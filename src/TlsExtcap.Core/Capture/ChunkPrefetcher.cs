using System.Runtime.ExceptionServices;
using TlsExtcap.Core.Threading;

namespace TlsExtcap.Core.Capture;

/// <summary>
/// Reads a capture file ahead on a thread of its own — the read calls, and gzip's decompression, overlap
/// the processing of what was read before — into a few large chunks that go round between the two threads.
/// A read error is handed over in its place in the stream: what was read before it is processed first.
/// </summary>
internal sealed class ChunkPrefetcher : IChunkSource
{
    private const int Chunks = 4;

    private readonly Stream _stream;
    private readonly int _headRoom;
    private readonly int _chunkSize;
    private readonly HandOffQueue<CaptureChunk> _free = new(Chunks);
    private readonly HandOffQueue<(CaptureChunk? Chunk, ExceptionDispatchInfo? Error)> _filled = new(Chunks);
    private readonly Thread _thread;
    private bool _ended;
    private volatile bool _disposed;
    private int _allocated;

    /// <param name="chunkSize">Bytes per read; smaller when the stream is known to be shorter (a small file needs no 1 MiB buffers).</param>
    public ChunkPrefetcher(Stream stream, int headRoom, int chunkSize)
    {
        _stream = stream;
        _headRoom = headRoom;
        // One byte more than is left, so that a small file is read, end included, in one go.
        _chunkSize = stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position + 1, 4096, chunkSize) : chunkSize;
        _thread = new Thread(ReadAhead) { IsBackground = true, Name = "capture read-ahead" };
        _thread.Start();
    }

    public CaptureChunk? Next()
    {
        if (_ended || !_filled.TryTake(out var item))
        {
            return null;
        }

        if (item.Error is { } error)
        {
            _ended = true;
            error.Throw();
        }

        if (item.Chunk is null)
        {
            _ended = true;
        }

        return item.Chunk;
    }

    public void Return(CaptureChunk chunk) => _free.Add(chunk);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _free.Cancel();
        _filled.Cancel();
        _thread.Join();
        _stream.Dispose();
    }

    /// <summary>A free chunk: allocated while fewer than <see cref="Chunks"/> exist, then the ones given back.</summary>
    private bool TryTakeFree(out CaptureChunk chunk)
    {
        if (_free.TryTakeNow(out chunk))
        {
            return true;
        }

        if (_allocated < Chunks && !_disposed)
        {
            _allocated++;
            chunk = new CaptureChunk(new byte[_headRoom + _chunkSize], _headRoom);
            return true;
        }

        return _free.TryTake(out chunk);
    }

    private void ReadAhead()
    {
        while (TryTakeFree(out var chunk))
        {
            var space = chunk.Buffer.AsSpan(chunk.Start);
            int read = 0;
            Exception? error = null;
            try
            {
                while (read < space.Length)
                {
                    int n = _stream.Read(space[read..]);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }

            // What was read before an error is handed over first; the error follows in its place.
            if (read > 0)
            {
                chunk.Length = read;
                if (!_filled.Add((chunk, null)))
                {
                    return;
                }
            }

            if (error is not null)
            {
                _filled.AddLast((null, ExceptionDispatchInfo.Capture(error)));
                return;
            }

            if (read < space.Length)
            {
                _filled.AddLast((null, null));
                return;
            }
        }
    }
}
