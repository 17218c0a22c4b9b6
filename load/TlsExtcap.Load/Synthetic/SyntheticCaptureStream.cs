using TlsExtcap.Core.Capture;

namespace TlsExtcap.Load.Synthetic;

/// <summary>
/// A read-only pcapng stream of a <see cref="SyntheticTls13Capture"/>, made as it is read (one
/// Ethernet interface, nanosecond timestamps): a reader sees a file of millions of packets that never
/// exists. <see cref="OnPacket"/> runs after each packet is made (the load run samples memory there).
/// </summary>
public sealed class SyntheticCaptureStream : Stream
{
    private readonly SyntheticTls13Capture _capture;
    private readonly MemoryStream _pending = new();
    private readonly PcapngWriter _writer;
    private readonly int _interface;
    private int _offset;

    public SyntheticCaptureStream(SyntheticTls13Capture capture)
    {
        _capture = capture;
        _writer = new PcapngWriter(_pending, "tlsextcap-load", leaveOpen: true);
        _interface = _writer.AddInterface(LinkType.Ethernet);
    }

    public Action<SyntheticPacket>? OnPacket { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _pending.Length)
        {
            _pending.SetLength(0);
            _offset = 0;
            for (int i = 0; i < 64 && _capture.TryNext(out var packet); i++)
            {
                _writer.WritePacket(_interface, packet.TimestampNanoseconds, packet.Frame);
                OnPacket?.Invoke(packet);
            }

            if (_pending.Length == 0)
            {
                return 0;
            }
        }

        int take = (int)Math.Min(buffer.Length, _pending.Length - _offset);
        _pending.GetBuffer().AsSpan(_offset, take).CopyTo(buffer);
        _offset += take;
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
        if (disposing)
        {
            _writer.Dispose();
            _pending.Dispose();
        }

        base.Dispose(disposing);
    }
}
