namespace TlsExtcap.Core.Tls.Session;

/// <summary>How much of a connection's encrypted traffic was decrypted.</summary>
public enum ConnectionStatus
{
    Decrypted,
    Partial,
    NoKeys,
    Failed,
}
