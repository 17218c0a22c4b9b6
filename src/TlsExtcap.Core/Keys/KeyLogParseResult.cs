namespace TlsExtcap.Core.Keys;

/// <summary>The accepted entries and the rejected lines of one key log.</summary>
public sealed class KeyLogParseResult
{
    internal KeyLogParseResult(IReadOnlyList<KeyLogEntry> entries, IReadOnlyList<KeyLogError> errors)
    {
        Entries = entries;
        Errors = errors;
    }

    /// <summary>The entries of the well-formed lines, in file order.</summary>
    public IReadOnlyList<KeyLogEntry> Entries { get; }

    /// <summary>One error per rejected line, in file order.</summary>
    public IReadOnlyList<KeyLogError> Errors { get; }
}
