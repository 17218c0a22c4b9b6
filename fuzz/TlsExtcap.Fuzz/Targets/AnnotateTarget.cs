using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;

namespace TlsExtcap.Fuzz.Targets;

/// <summary>
/// The whole annotation path on mutated captures: capture → core → <see cref="AnnotationSink"/> with every
/// built-in dissector, Finished and signature checks, with the seed keys so that the encrypted handshake is
/// dissected too. Nodes must stay inside their sources.
/// </summary>
public static class AnnotateTarget
{
    public static void Run(byte[] input)
    {
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(FuzzTargets.PipelineKeyLog, "seed").Entries);
        var sink = new AnnotationSink(DissectorRegistry.CreateDefault()) { Strict = true };
        using var processor = new CaptureProcessor(keys, sink);
        try
        {
            using var reader = CaptureReader.Open(new MemoryStream(input), "fuzz");
            while (reader.TryRead(out var record))
            {
                if (record.Kind != CaptureRecordKind.Packet)
                {
                    processor.Process(record);
                    continue;
                }

                byte[] bytes = record.Data.ToArray();
                sink.BeginFrame(record.FrameNumber, bytes);
                processor.ProcessPacket(record.LinkType, bytes, record.FrameNumber);
                foreach (var frame in sink.EndFrame())
                {
                    foreach (var node in frame.Nodes.SelectMany(n => n.Descendants()))
                    {
                        if (node.Offset + node.Length > node.Source.Bytes.Length)
                        {
                            throw new InvalidOperationException($"{node.Name} lies outside {node.Source.Id}");
                        }
                    }
                }
            }
        }
        catch (CaptureFormatException)
        {
        }

        processor.Finish();
    }

    public static IReadOnlyList<byte[]> Seeds() => FuzzTargets.CaptureSeedFiles.Select(FuzzTargets.Read).ToList();
}
