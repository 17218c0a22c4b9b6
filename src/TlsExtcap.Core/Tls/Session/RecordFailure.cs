namespace TlsExtcap.Core.Tls.Session;

/// <summary>One record that could not be decrypted: its 1-based number in its direction, and why.</summary>
public readonly record struct RecordFailure(long Record, DecryptFailureReason Reason, long Frame);
