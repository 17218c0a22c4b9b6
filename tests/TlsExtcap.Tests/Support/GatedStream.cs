namespace TlsExtcap.Tests.Support;

/// <summary>
/// A capture that is still "live": it yields its bytes, then blocks at the end as a pipe from dumpcap
/// would, until <see cref="End"/> is called. Lets a test act (append keys, rotate a key log) while
/// the session is still running after every frame went out.
/// </summary>
internal sealed class GatedStream(byte[] data) : Stream
{
    private readonly ManualResetEventSlim _ended = new();
    private int _position;

    public void End() => _ended.Set();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position == data.Length)
        {
            _ended.Wait(TimeSpan.FromSeconds(60));
            return 0;
        }

        int take = Math.Min(count, data.Length - _position);
        Array.Copy(data, _position, buffer, offset, take);
        _position += take;
        return take;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _ended.Set();
        base.Dispose(disposing);
    }
}
