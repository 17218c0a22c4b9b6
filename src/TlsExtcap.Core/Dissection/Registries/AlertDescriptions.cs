namespace TlsExtcap.Core.Dissection.Registries;

/// <summary>
/// IANA "TLS Alerts" (RFC 8446 §6, RFC 5246 §7.2).
/// Source: https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-6
/// </summary>
public static class AlertDescriptions
{
    public static ValueRegistry Registry { get; } = new("TLS Alerts", 1, grease: false,
    [
        new(0, "close_notify", "the sender will send no more data on this connection; a normal end"),
        new(10, "unexpected_message", "a message arrived that the protocol state does not allow"),
        new(20, "bad_record_mac", "a record failed authentication: wrong keys, or the bytes were changed"),
        new(21, "decryption_failed", "reserved; used only by some TLS 1.0 implementations"),
        new(22, "record_overflow", "a record was longer than the protocol allows"),
        new(30, "decompression_failure", "reserved; TLS compression is no longer used"),
        new(40, "handshake_failure", "no acceptable set of security parameters could be negotiated"),
        new(41, "no_certificate", "reserved; SSL 3.0 only"),
        new(42, "bad_certificate", "a certificate was corrupt or its signatures did not verify"),
        new(43, "unsupported_certificate", "a certificate was of an unsupported type"),
        new(44, "certificate_revoked", "a certificate was revoked by its signer"),
        new(45, "certificate_expired", "a certificate has expired or is not yet valid"),
        new(46, "certificate_unknown", "some other problem with the certificate made it unacceptable"),
        new(47, "illegal_parameter", "a handshake field was out of range or inconsistent with other fields"),
        new(48, "unknown_ca", "the certificate chain did not lead to a trusted certificate authority"),
        new(49, "access_denied", "a valid certificate or PSK was received, but access control refused the handshake"),
        new(50, "decode_error", "a message could not be decoded: a field out of range or a wrong length"),
        new(51, "decrypt_error", "a cryptographic operation of the handshake failed, e.g. a signature or Finished did not verify"),
        new(60, "export_restriction", "reserved"),
        new(70, "protocol_version", "the peer's protocol version is recognised but not supported"),
        new(71, "insufficient_security", "the server requires parameters more secure than those the client offered"),
        new(80, "internal_error", "an error of the sender unrelated to the peer or the protocol"),
        new(86, "inappropriate_fallback", "a fallback connection was refused (RFC 7507 TLS_FALLBACK_SCSV)"),
        new(90, "user_canceled", "the user cancelled the handshake"),
        new(100, "no_renegotiation", "renegotiation is refused (TLS 1.2 and earlier)"),
        new(109, "missing_extension", "a required extension was not sent"),
        new(110, "unsupported_extension", "an extension was sent that the peer did not offer or the message does not allow"),
        new(111, "certificate_unobtainable", "reserved"),
        new(112, "unrecognized_name", "the server has no virtual host for the name in server_name"),
        new(113, "bad_certificate_status_response", "an invalid or unacceptable OCSP response was provided"),
        new(114, "bad_certificate_hash_value", "reserved"),
        new(115, "unknown_psk_identity", "no known pre-shared key matches the offered identity"),
        new(116, "certificate_required", "the server requires a client certificate and none was sent"),
        new(120, "no_application_protocol", "no protocol offered in ALPN is supported by the server"),
        new(121, "ech_required", "Encrypted Client Hello was required but not offered"),
    ]);

    /// <summary>RFC 5246 §7.2 AlertLevel.</summary>
    public static ValueRegistry Levels { get; } = new("TLS AlertLevel", 1, grease: false,
    [
        new(1, "warning", "a warning; in TLS 1.3 the level is ignored and the description decides"),
        new(2, "fatal", "fatal: the connection ends at once"),
    ]);
}
