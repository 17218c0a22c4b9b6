namespace TlsExtcap.Core.Dissection;

/// <summary>
/// Bytes that annotation nodes point into: a frame, a reassembled record or message, or the plaintext of a
/// decrypted record. <see cref="Id"/> is stable and readable: <c>frame:8</c>,
/// <c>decrypted:c1:s2c:r3</c>, <c>reassembled:c1:s2c:r5</c>, <c>handshake:c1:s2c:m4</c>.
/// </summary>
public sealed class DataSource
{
    public DataSource(DataSourceKind kind, string id, long frame, ReadOnlyMemory<byte> bytes, string description)
    {
        Kind = kind;
        Id = id;
        Frame = frame;
        Bytes = bytes;
        Description = description;
    }

    public DataSourceKind Kind { get; }

    public string Id { get; }

    /// <summary>The frame the source belongs to (for a frame, its number).</summary>
    public long Frame { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>A label for the tab that shows it, e.g. "Decrypted TLS record 3 (server → client)".</summary>
    public string Description { get; }

    public static DataSource ForFrame(long frame, ReadOnlyMemory<byte> bytes) =>
        new(DataSourceKind.Frame, $"frame:{frame}", frame, bytes, $"Frame {frame}");

    public override string ToString() => Id;
}
