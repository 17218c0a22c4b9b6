using TlsExtcap.Core.Capture;

namespace TlsExtcap.Extcap;

/// <summary>
/// One captured packet on its way from the reading thread to the output. <see cref="Data"/> is either an
/// array of its own or a slice of a pooled slab, valid until the frame has been processed: a frame kept
/// beyond that (held back for keys) is <see cref="Detach">detached</see> first.
/// </summary>
internal readonly record struct HeldFrame(long FrameNumber, int InterfaceId, LinkType LinkType, long TimestampNanoseconds, int OriginalLength, ReadOnlyMemory<byte> Data)
{
    /// <summary>A frame whose bytes stay where the reader left them: valid until its next read (detach it to keep it).</summary>
    public static HeldFrame InPlace(in CaptureRecord record) => Into(record, record.Data);

    /// <summary>A frame with an array of its own.</summary>
    public static HeldFrame Copy(in CaptureRecord record) => Into(record, record.Data.ToArray());

    /// <summary>A frame whose bytes are copied into <paramref name="slab"/> at <paramref name="offset"/> (which moves past them).</summary>
    public static HeldFrame CopyInto(in CaptureRecord record, byte[] slab, ref int offset)
    {
        var target = slab.AsMemory(offset, record.Data.Length);
        record.Data.Span.CopyTo(target.Span);
        offset += record.Data.Length;
        return Into(record, target);
    }

    /// <summary>The same frame with its bytes copied to an array of its own (so it outlives its batch).</summary>
    public HeldFrame Detach() => this with { Data = Data.ToArray() };

    private static HeldFrame Into(in CaptureRecord record, ReadOnlyMemory<byte> data) =>
        new(record.FrameNumber, record.InterfaceId, record.LinkType, record.TimestampNanoseconds, record.OriginalLength, data);
}
