namespace TlsExtcap.Core.Dissection.Registries;

/// <summary>
/// IANA "TLS ContentType" (RFC 8446 §5.1).
/// Source: https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-5
/// </summary>
public static class ContentTypes
{
    public static ValueRegistry Registry { get; } = new("TLS ContentType", 1, grease: false,
    [
        new(20, "change_cipher_spec", "switches to the negotiated keys in TLS 1.2; in TLS 1.3 a dummy kept for middlebox compatibility"),
        new(21, "alert", "an alert: a warning or a fatal error, or close_notify"),
        new(22, "handshake", "handshake messages"),
        new(23, "application_data", "application data; in TLS 1.3 every encrypted record says 23 and hides its real type inside"),
        new(24, "heartbeat", "Heartbeat protocol (RFC 6520)"),
        new(25, "tls12_cid", "a DTLS 1.2 record with a connection ID (RFC 9146)"),
        new(26, "ack", "DTLS 1.3 acknowledgement (RFC 9147)"),
    ]);
}
