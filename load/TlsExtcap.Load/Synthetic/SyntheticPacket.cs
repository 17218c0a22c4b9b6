namespace TlsExtcap.Load.Synthetic;

/// <summary>One generated frame: which connection it belongs to, its number in the capture (1-based) and its bytes.</summary>
public readonly record struct SyntheticPacket(int Connection, long Number, long TimestampNanoseconds, byte[] Frame);
