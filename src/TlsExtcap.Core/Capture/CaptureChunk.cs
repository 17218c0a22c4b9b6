namespace TlsExtcap.Core.Capture;

/// <summary>
/// One read of the capture stream: its bytes lie at offset <see cref="Start"/> of <see cref="Buffer"/>, after
/// room for the unread tail of the chunk before (see <see cref="CaptureInput"/>).
/// </summary>
internal sealed class CaptureChunk(byte[] buffer, int start)
{
    public byte[] Buffer { get; } = buffer;

    /// <summary>Offset of the first byte read (the headroom before it takes a carried tail).</summary>
    public int Start { get; } = start;

    /// <summary>Bytes read into the chunk.</summary>
    public int Length { get; set; }

    /// <summary>False for the one-off chunk of the bytes read while sniffing the format: not given back to the source.</summary>
    public bool Pooled { get; init; } = true;
}
