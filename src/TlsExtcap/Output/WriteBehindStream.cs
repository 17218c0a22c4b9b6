using System.Runtime.ExceptionServices;

namespace TlsExtcap.Output;

/// <summary>
/// A write-only stream whose bytes are gathered into buffers that a <see cref="WriteBehind"/> thread
/// writes to <see cref="Inner"/>. <see cref="Flush"/> waits for them and throws a failure of this stream's;
/// <see cref="Dispose(bool)"/> hands over the rest and the close without waiting (see <see cref="WriteBehind.Failure"/>).
/// </summary>
internal sealed class WriteBehindStream(Stream inner, WriteBehind writer, string name) : Stream
{
    private byte[]? _buffer;
    private int _used;
    private bool _closed;

    /// <summary>The stream written to; only the writer thread touches it once bytes were handed over.</summary>
    public Stream Inner => inner;

    /// <summary>Names the stream in a <see cref="WriteFailure"/>.</summary>
    public string Name => name;

    /// <summary>Set by the writer thread when a write or the close failed.</summary>
    internal volatile ExceptionDispatchInfo? Failed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_closed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <exception cref="IOException">An earlier write of this stream failed (thrown once here, then on every call).</exception>
    public override void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        Failed?.Throw();
        while (!data.IsEmpty)
        {
            _buffer ??= writer.Rent();
            int take = Math.Min(data.Length, _buffer.Length - _used);
            data[..take].CopyTo(_buffer.AsSpan(_used));
            _used += take;
            data = data[take..];
            if (_used == _buffer.Length)
            {
                HandOver(close: false);
            }
        }
    }

    /// <summary>Writes everything handed over so far and waits for it; throws if a write of this stream failed.</summary>
    public override void Flush()
    {
        if (_closed)
        {
            return;
        }

        HandOver(close: false);
        writer.Drain();
        Failed?.Throw();
        inner.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
        {
            _closed = true;
            HandOver(close: true);
        }

        base.Dispose(disposing);
    }

    private void HandOver(bool close)
    {
        if (_used == 0 && !close)
        {
            return;
        }

        writer.Write(this, _used > 0 ? _buffer : null, _used, close);
        if (_used > 0 || close)
        {
            _buffer = null;
            _used = 0;
        }
    }
}
