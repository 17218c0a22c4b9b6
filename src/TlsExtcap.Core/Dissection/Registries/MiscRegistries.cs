namespace TlsExtcap.Core.Dissection.Registries;

/// <summary>The small registries: PSK modes, point formats, certificate compression, status types, name types, ...</summary>
public static class MiscRegistries
{
    /// <summary>RFC 8446 §4.2.9 PskKeyExchangeMode.</summary>
    public static ValueRegistry PskKeyExchangeModes { get; } = new("TLS PskKeyExchangeMode", 1, grease: true,
    [
        new(0, "psk_ke", "PSK-only key establishment: no fresh Diffie-Hellman, so no forward secrecy for the resumed session"),
        new(1, "psk_dhe_ke", "PSK with (EC)DHE key establishment: a resumed session still gets a fresh shared secret (forward secrecy)"),
    ]);

    /// <summary>RFC 8422 §5.1.2 ECPointFormat.</summary>
    public static ValueRegistry EcPointFormats { get; } = new("TLS EC Point Formats", 1, grease: false,
    [
        new(0, "uncompressed", "uncompressed points, the one format every implementation must support"),
        new(1, "ansiX962_compressed_prime", "compressed points on prime curves (ANSI X9.62); deprecated by RFC 8422"),
        new(2, "ansiX962_compressed_char2", "compressed points on binary curves (ANSI X9.62); deprecated by RFC 8422"),
    ]);

    /// <summary>RFC 8879 §3 CertificateCompressionAlgorithm.</summary>
    public static ValueRegistry CertificateCompression { get; } = new("TLS Certificate Compression Algorithm IDs", 2, grease: true,
    [
        new(1, "zlib", "zlib (RFC 1950)"),
        new(2, "brotli", "Brotli (RFC 7932)"),
        new(3, "zstd", "Zstandard (RFC 8478)"),
    ]);

    /// <summary>RFC 6066 §8 CertificateStatusType.</summary>
    public static ValueRegistry CertificateStatusTypes { get; } = new("TLS Certificate Status Types", 1, grease: false,
    [
        new(1, "ocsp", "an OCSP response (RFC 6960)"),
        new(2, "ocsp_multi", "several OCSP responses (RFC 6961)"),
    ]);

    /// <summary>RFC 6066 §3 NameType.</summary>
    public static ValueRegistry ServerNameTypes { get; } = new("TLS Server Name Types", 1, grease: false,
    [
        new(0, "host_name", "a DNS host name in ASCII (U-labels converted to A-labels), no trailing dot"),
    ]);

    /// <summary>RFC 5246 §7.4.4 ClientCertificateType.</summary>
    public static ValueRegistry ClientCertificateTypes { get; } = new("TLS ClientCertificateType Identifiers", 1, grease: false,
    [
        new(1, "rsa_sign", "a certificate with an RSA signing key"),
        new(2, "dss_sign", "a certificate with a DSA key"),
        new(3, "rsa_fixed_dh", "a certificate with a static DH key, signed with RSA"),
        new(4, "dss_fixed_dh", "a certificate with a static DH key, signed with DSA"),
        new(64, "ecdsa_sign", "a certificate with an ECDSA signing key"),
        new(65, "rsa_fixed_ecdh", "a certificate with a static ECDH key, signed with RSA"),
        new(66, "ecdsa_fixed_ecdh", "a certificate with a static ECDH key, signed with ECDSA"),
    ]);

    /// <summary>RFC 8446 §4.6.3 KeyUpdateRequest.</summary>
    public static ValueRegistry KeyUpdateRequests { get; } = new("TLS KeyUpdateRequest", 1, grease: false,
    [
        new(0, "update_not_requested", "the peer need not update its own keys"),
        new(1, "update_requested", "the peer must answer with a KeyUpdate of its own"),
    ]);

    /// <summary>RFC 8422 §5.4 ECCurveType.</summary>
    public static ValueRegistry EcCurveTypes { get; } = new("TLS EC Curve Types", 1, grease: false,
    [
        new(1, "explicit_prime", "explicit prime-curve parameters; deprecated"),
        new(2, "explicit_char2", "explicit binary-curve parameters; deprecated"),
        new(3, "named_curve", "a curve from the supported_groups registry"),
    ]);

    /// <summary>RFC 6520 §3 HeartbeatMessageType.</summary>
    public static ValueRegistry HeartbeatMessageTypes { get; } = new("TLS HeartbeatMessageType", 1, grease: false,
    [
        new(1, "heartbeat_request", "asks the peer to echo the payload"),
        new(2, "heartbeat_response", "echoes a request's payload"),
    ]);

    /// <summary>RFC 6520 §2 HeartbeatMode.</summary>
    public static ValueRegistry HeartbeatModes { get; } = new("TLS HeartbeatMode", 1, grease: false,
    [
        new(1, "peer_allowed_to_send", "the peer may send heartbeat requests"),
        new(2, "peer_not_allowed_to_send", "the peer must not send heartbeat requests"),
    ]);

    /// <summary>RFC 6066 §4 MaxFragmentLength.</summary>
    public static ValueRegistry MaxFragmentLengths { get; } = new("TLS MaxFragmentLength", 1, grease: false,
    [
        new(1, "2^9", "512-byte records"),
        new(2, "2^10", "1024-byte records"),
        new(3, "2^11", "2048-byte records"),
        new(4, "2^12", "4096-byte records"),
    ]);

    /// <summary>RFC 7250 §3 certificate types.</summary>
    public static ValueRegistry CertificateTypes { get; } = new("TLS Certificate Types", 1, grease: false,
    [
        new(0, "X509", "an X.509 certificate"),
        new(1, "OpenPGP", "an OpenPGP key (RFC 6091)"),
        new(2, "RawPublicKey", "a bare SubjectPublicKeyInfo without certificate (RFC 7250)"),
        new(3, "1609Dot2", "an IEEE 1609.2 certificate (RFC 9615)"),
    ]);
}
