namespace TlsExtcap.Core.Keys;

/// <summary>
/// The label that starts a line of an NSS key log file (draft-ietf-tls-keylogfile §3, RFC 9850).
/// The text of each label lives in <see cref="KeyLogLabelTable"/>.
/// </summary>
public enum KeyLogLabel
{
    /// <summary><c>CLIENT_RANDOM</c>: the 48-byte TLS 1.2 (or earlier) master secret.</summary>
    ClientRandom,

    /// <summary><c>CLIENT_EARLY_TRAFFIC_SECRET</c>: TLS 1.3 client_early_traffic_secret (RFC 8446 §7.1).</summary>
    ClientEarlyTrafficSecret,

    /// <summary><c>CLIENT_HANDSHAKE_TRAFFIC_SECRET</c>: TLS 1.3 client_handshake_traffic_secret.</summary>
    ClientHandshakeTrafficSecret,

    /// <summary><c>SERVER_HANDSHAKE_TRAFFIC_SECRET</c>: TLS 1.3 server_handshake_traffic_secret.</summary>
    ServerHandshakeTrafficSecret,

    /// <summary><c>CLIENT_TRAFFIC_SECRET_N</c>: TLS 1.3 client_application_traffic_secret_N.</summary>
    ClientTrafficSecret,

    /// <summary><c>SERVER_TRAFFIC_SECRET_N</c>: TLS 1.3 server_application_traffic_secret_N.</summary>
    ServerTrafficSecret,

    /// <summary><c>EXPORTER_SECRET</c>: TLS 1.3 exporter_master_secret.</summary>
    ExporterSecret,

    /// <summary><c>EARLY_EXPORTER_SECRET</c>: TLS 1.3 early_exporter_master_secret.</summary>
    EarlyExporterSecret,

    /// <summary><c>RSA</c>: the first 8 bytes of an encrypted pre-master secret and the 48-byte pre-master secret.</summary>
    Rsa,

    /// <summary><c>PMS_CLIENT_RANDOM</c>: the pre-master secret of a TLS 1.2 (or earlier) connection.</summary>
    PmsClientRandom,
}
