using TlsExtcap.Core.Network.Tcp;

namespace TlsExtcap.Core.Tests.Network.Tcp;

/// <summary>Records every sink call in order, copying the data.</summary>
internal sealed class RecordingSink : ITcpStreamSink
{
    public List<SinkEvent> Events { get; } = [];

    public byte[] Data => Events.Where(e => e.Kind == SinkEventKind.Data).SelectMany(e => e.Bytes).ToArray();

    public IEnumerable<SinkEvent> Gaps => Events.Where(e => e.Kind == SinkEventKind.Gap);

    public IEnumerable<SinkEvent> Closes => Events.Where(e => e.Kind == SinkEventKind.Close);

    public void OnData(ReadOnlySpan<byte> data, long frameNumber) =>
        Events.Add(new SinkEvent(SinkEventKind.Data, data.ToArray(), data.Length, frameNumber, false));

    public void OnGap(long missingBytes, long frameNumber) =>
        Events.Add(new SinkEvent(SinkEventKind.Gap, [], missingBytes, frameNumber, false));

    public void OnClose(bool reset, long frameNumber) =>
        Events.Add(new SinkEvent(SinkEventKind.Close, [], 0, frameNumber, reset));
}

internal enum SinkEventKind
{
    Data,
    Gap,
    Close,
}

internal sealed record SinkEvent(SinkEventKind Kind, byte[] Bytes, long Length, long FrameNumber, bool Reset);
