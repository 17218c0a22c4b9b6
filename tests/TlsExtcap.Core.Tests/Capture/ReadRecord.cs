using TlsExtcap.Core.Capture;

namespace TlsExtcap.Core.Tests.Capture;

/// <summary>A <see cref="CaptureRecord"/> with its data copied, so it survives the next read.</summary>
internal sealed record ReadRecord(
    CaptureRecordKind Kind,
    long FrameNumber,
    LinkType LinkType,
    int InterfaceId,
    long TimestampNanoseconds,
    int OriginalLength,
    byte[] Data,
    uint SecretsType,
    IReadOnlyList<string> Comments)
{
    public static ReadRecord From(in CaptureRecord r) =>
        new(r.Kind, r.FrameNumber, r.LinkType, r.InterfaceId, r.TimestampNanoseconds, r.OriginalLength, r.Data.ToArray(), r.SecretsType, r.Comments.ToArray());

    public static List<ReadRecord> ReadAll(byte[] file) => ReadAll(new MemoryStream(file), "test");

    public static List<ReadRecord> ReadAll(Stream stream, string name, bool readAhead = false)
    {
        using CaptureReader reader = CaptureReader.Open(stream, name, readAhead);
        var records = new List<ReadRecord>();
        while (reader.TryRead(out CaptureRecord record))
        {
            records.Add(From(record));
        }

        return records;
    }

    /// <summary>Reads until the end or the first exception; returns what was read and the exception, if any.</summary>
    public static (List<ReadRecord> Records, CaptureFormatException? Error) ReadUntilError(byte[] file, bool readAhead = false)
    {
        var records = new List<ReadRecord>();
        try
        {
            using CaptureReader reader = CaptureReader.Open(new MemoryStream(file), "test", readAhead);
            while (reader.TryRead(out CaptureRecord record))
            {
                records.Add(From(record));
            }

            return (records, null);
        }
        catch (CaptureFormatException ex)
        {
            return (records, ex);
        }
    }
}
