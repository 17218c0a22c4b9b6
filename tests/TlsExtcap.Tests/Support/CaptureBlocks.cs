using TlsExtcap.Core.Capture;

namespace TlsExtcap.Tests.Support;

/// <summary>The records of a pcapng stream, for assertions on what an output mode wrote.</summary>
internal static class CaptureBlocks
{
    public static List<Block> Read(byte[] pcapng)
    {
        var list = new List<Block>();
        using var reader = CaptureReader.Open(new MemoryStream(pcapng), "output");
        while (reader.TryRead(out var record))
        {
            list.Add(new Block(record.Kind, record.Data.ToArray(), record.Comments, record.TimestampNanoseconds));
        }

        return list;
    }

    public static List<Block> Packets(byte[] pcapng) => Read(pcapng).Where(b => b.Kind == CaptureRecordKind.Packet).ToList();

    public sealed record Block(CaptureRecordKind Kind, byte[] Data, IReadOnlyList<string> Comments, long Timestamp)
    {
        public string Comment => string.Join(" / ", Comments);
    }
}
