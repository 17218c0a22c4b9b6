namespace TlsExtcap.Fuzz;

/// <summary>One parser under fuzz: runs an input; expected rejections are swallowed, anything else escapes.</summary>
public sealed record FuzzTarget(string Name, Func<IReadOnlyList<byte[]>> Seeds, Action<byte[]> Run);
