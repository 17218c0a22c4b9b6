using TlsExtcap.Core.Capture;

namespace TlsExtcap.Extcap;

/// <summary>A copy of one captured packet, kept while its connection waits for keys.</summary>
internal readonly record struct HeldFrame(long FrameNumber, int InterfaceId, LinkType LinkType, long TimestampNanoseconds, int OriginalLength, byte[] Data)
{
    public static HeldFrame Copy(in CaptureRecord record) =>
        new(record.FrameNumber, record.InterfaceId, record.LinkType, record.TimestampNanoseconds, record.OriginalLength, record.Data.ToArray());
}
