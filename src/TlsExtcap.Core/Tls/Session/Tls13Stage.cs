namespace TlsExtcap.Core.Tls.Session;

/// <summary>
/// Which TLS 1.3 traffic secret protects a direction's records (RFC 8446 §7.1/§7.3): early data
/// (client only), handshake, then application traffic secrets of increasing generation (§4.6.3).
/// </summary>
public enum Tls13Stage
{
    Early,
    Handshake,
    Application,
}
