namespace TlsExtcap.Load;

/// <summary>The live managed heap (after a full collection) when <see cref="Packets"/> packets had been made.</summary>
public readonly record struct MemorySample(long Packets, long HeapBytes);
