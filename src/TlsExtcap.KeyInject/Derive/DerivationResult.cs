using TlsExtcap.Core.Keys;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>Per connection: the verified entries, or why none could be derived.</summary>
internal sealed record DerivationResult(string Connection, IReadOnlyList<KeyLogEntry>? Entries, string? Problem);
