namespace TlsExtcap.Core.Capture;

/// <summary>
/// Reads the stream when the next chunk is needed, on the caller's thread: one read call per chunk, so a
/// pipe's bytes are handed on as soon as they arrive (live capture). Two buffers take turns.
/// </summary>
internal sealed class OnDemandChunks : IChunkSource
{
    private readonly Stack<CaptureChunk> _free = new(2);
    private readonly Stream _stream;

    public OnDemandChunks(Stream stream, int headRoom, int chunkSize)
    {
        _stream = stream;
        _free.Push(new CaptureChunk(new byte[headRoom + chunkSize], headRoom));
        _free.Push(new CaptureChunk(new byte[headRoom + chunkSize], headRoom));
    }

    public CaptureChunk? Next()
    {
        // The current chunk is given back only after this one is read (its tail may be carried over): two suffice.
        var chunk = _free.Pop();
        int read = _stream.Read(chunk.Buffer.AsSpan(chunk.Start));
        if (read == 0)
        {
            _free.Push(chunk);
            return null;
        }

        chunk.Length = read;
        return chunk;
    }

    public void Return(CaptureChunk chunk)
    {
        if (_free.Count < 2)
        {
            _free.Push(chunk);
        }
    }

    public void Dispose() => _stream.Dispose();
}
