namespace TlsExtcap.Core.Capture;

/// <summary>What an Interface Description Block told us about one interface.</summary>
internal readonly record struct PcapngInterface(LinkType LinkType, uint SnapLength, TimestampResolution Resolution, long OffsetSeconds)
{
    public long ToNanoseconds(ulong ticks) =>
        unchecked(Resolution.ToNanoseconds(ticks) + (OffsetSeconds * 1_000_000_000L));
}
