using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;

namespace TlsExtcap.Core.Tests.Support;

/// <summary>Runs a capture through the core with an <see cref="AnnotationSink"/> and collects every frame's annotations.</summary>
internal static class CaptureAnnotations
{
    public static List<FrameAnnotation> Annotate(string capture, string? keyLog, DissectorRegistry? registry = null, Action<long, byte[]>? mutate = null, bool strict = true)
    {
        var keys = new KeyStore();
        if (keyLog is not null)
        {
            keys.AddRange(KeyLogParser.Parse(File.ReadAllBytes(keyLog), keyLog).Entries);
        }

        var sink = new AnnotationSink(registry ?? DissectorRegistry.CreateDefault()) { Strict = strict };
        var frames = new List<FrameAnnotation>();
        using var processor = new CaptureProcessor(keys, sink);
        using var reader = CaptureReader.Open(capture);
        while (reader.TryRead(out var record))
        {
            if (record.Kind != CaptureRecordKind.Packet)
            {
                processor.Process(record);
                continue;
            }

            byte[] bytes = record.Data.ToArray();
            mutate?.Invoke(record.FrameNumber, bytes);
            sink.BeginFrame(record.FrameNumber, bytes);
            processor.ProcessPacket(record.LinkType, bytes, record.FrameNumber);
            frames.AddRange(sink.EndFrame());
        }

        processor.Finish();
        return frames;
    }
}
