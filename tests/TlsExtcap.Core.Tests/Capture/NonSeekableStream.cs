namespace TlsExtcap.Core.Tests.Capture;

/// <summary>Wraps bytes as a pipe-like stream: not seekable, and each read returns at most a few bytes.</summary>
internal sealed class NonSeekableStream : Stream
{
    private readonly MemoryStream _inner;
    private readonly int _maxChunk;

    public NonSeekableStream(byte[] data, int maxChunk = 7)
    {
        _inner = new MemoryStream(data);
        _maxChunk = maxChunk;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, _maxChunk));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
