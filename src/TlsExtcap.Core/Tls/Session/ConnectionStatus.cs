namespace TlsExtcap.Core.Tls.Session;

/// <summary>How much of a connection's encrypted traffic was decrypted.</summary>
public enum ConnectionStatus
{
    Decrypted,
    Partial,
    NoKeys,
    Failed,

    /// <summary>It went over a limit (<see cref="TlsConnection.LimitExceeded"/>): the rest of it was not parsed.</summary>
    OverLimit,
}
