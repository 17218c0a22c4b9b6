namespace TlsExtcap.Core.Tls.Session;

/// <summary>TLS 1.3 0-RTT outcome (RFC 8446 §4.2.10).</summary>
public enum EarlyDataStatus
{
    None,
    Accepted,
    Rejected,
}
