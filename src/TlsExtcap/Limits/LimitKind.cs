namespace TlsExtcap.Limits;

/// <summary>How a limit's value is written: a size (<see cref="ByteSize"/>) or a plain count.</summary>
internal enum LimitKind
{
    Bytes,
    Count,
}
