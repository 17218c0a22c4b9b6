namespace TlsExtcap.Output;

/// <summary>
/// Gathers the writes to a file or pipe into large ones (the pcapng writers write block by block), written on
/// a thread of their own (<see cref="WriteBehind"/>) while the next frames are processed. The first failed
/// write or flush throws — at the next write or flush after it — and is reported once; after it everything is
/// dropped, so that disposing the writers on the way out does not throw the same error again over the report.
/// </summary>
internal sealed class OutputBuffer : Stream
{
    private readonly WriteBehind _writer;
    private readonly WriteBehindStream _buffer;
    private bool _failed;

    public OutputBuffer(Stream inner, int size = 256 * 1024)
    {
        _writer = new WriteBehind(size, inFlight: 4);
        _buffer = new WriteBehindStream(inner, _writer, "output");
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_failed)
        {
            return;
        }

        try
        {
            _buffer.Write(buffer);
        }
        catch (IOException)
        {
            _failed = true;
            throw;
        }
    }

    public override void Flush()
    {
        if (!_failed)
        {
            Guard(_buffer.Flush);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                Flush();
            }
            catch (IOException)
            {
                // Reported by whoever saw it first.
            }

            // The close of the inner stream is handed to the writer thread after the last bytes; it ends once both are done.
            _buffer.Dispose();
            _writer.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (IOException)
        {
            _failed = true;
            throw;
        }
    }
}
