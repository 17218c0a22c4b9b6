namespace TlsExtcap.Core.Tls.Session;

/// <summary>Which peer sent a record.</summary>
public enum Direction : byte
{
    ClientToServer = 0,
    ServerToClient = 1,
}
