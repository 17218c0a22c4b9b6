namespace TlsExtcap.Load;

/// <summary>A write-only sink that keeps nothing: the extcap's output during a load run.</summary>
internal sealed class CountingStream : WriteOnlyStream
{
    public long BytesWritten { get; private set; }

    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer) => BytesWritten += buffer.Length;
}
