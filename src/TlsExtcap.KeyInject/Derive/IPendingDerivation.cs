using TlsExtcap.Core.Keys;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>
/// A connection whose key exchange was solved in the first pass. Its <see cref="TrialEntries"/> let the
/// second pass decrypt the rest of the handshake; <see cref="Finish"/> then checks the Finished MACs.
/// </summary>
internal interface IPendingDerivation : IDisposable
{
    /// <summary>Secrets the core needs to decrypt the remaining handshake messages.</summary>
    IReadOnlyList<KeyLogEntry> TrialEntries { get; }

    /// <summary>The verified key-log entries, or null with <paramref name="problem"/> saying why not.</summary>
    IReadOnlyList<KeyLogEntry>? Finish(ConnectionHandshake secondPass, out string? problem);
}
