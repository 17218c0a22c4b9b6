using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Session;

/// <summary>One record as seen on the wire and what became of it.</summary>
public readonly record struct RecordEvent(
    long Number,
    ContentType OuterType,
    ContentType InnerType,
    int Length,
    bool Encrypted,
    bool Decrypted,
    long Frame);
