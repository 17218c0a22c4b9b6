namespace TlsExtcap.Output;

/// <summary>
/// Gathers the writes to a file or pipe into large ones (the pcapng writers write block by block). The first
/// failed write or flush throws, and is reported once; after it everything is dropped, so that disposing
/// the writers on the way out does not throw the same error again over the report.
/// </summary>
internal sealed class OutputBuffer(Stream inner, int size = 1 << 20) : Stream
{
    private readonly BufferedStream _buffer = new(inner, size);
    private bool _failed;

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

            try
            {
                if (_failed)
                {
                    inner.Dispose();
                }
                else
                {
                    _buffer.Dispose();
                }
            }
            catch (IOException)
            {
            }
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
