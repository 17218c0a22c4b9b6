namespace TlsExtcap.Core.Keys;

/// <summary>
/// A rejected key log line. <paramref name="Source"/> names the file (or other origin) the line came
/// from; the line's text is never kept, since it may hold a secret.
/// </summary>
/// <param name="LineNumber">1-based line number.</param>
/// <param name="Reason">Why the line was rejected.</param>
/// <param name="Source">The source name given to the parser.</param>
public readonly record struct KeyLogError(int LineNumber, KeyLogErrorReason Reason, string Source);
