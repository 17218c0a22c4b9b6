namespace TlsExtcap.Output;

/// <summary>A write or close that failed on the <see cref="WriteBehind"/> thread: which stream, and why.</summary>
internal sealed record WriteFailure(string Name, Exception Error);
