namespace TlsExtcap.Load.Synthetic;

/// <summary>The four TLS 1.3 traffic secrets a connection's key log holds (RFC 8446 §7.1).</summary>
public enum SecretKind
{
    ClientHandshake,
    ServerHandshake,
    ClientApplication,
    ServerApplication,
}
