namespace TlsExtcap.Core.Dissection;

/// <summary>A handshake message whose bytes span records: what arrived so far and from which records.</summary>
internal sealed class PartialMessage
{
    /// <summary>Most bytes held for one message (the core caps messages at 1 MiB too).</summary>
    public const int MaxLength = 1 << 20;

    public PartialMessage(long firstRecord)
    {
        FirstRecord = firstRecord;
    }

    public long FirstRecord { get; }

    public List<byte> Bytes { get; } = [];

    /// <summary>Total length once the 4-byte header is in (RFC 8446 §4), else -1.</summary>
    public int ExpectedLength => Bytes.Count < 4 ? -1 : 4 + ((Bytes[1] << 16) | (Bytes[2] << 8) | Bytes[3]);

    /// <summary>Bytes still missing (the header's 4 when not yet complete).</summary>
    public int Missing => ExpectedLength < 0 ? 4 - Bytes.Count : ExpectedLength - Bytes.Count;
}
