namespace TlsExtcap.Core.Dissection.Registries;

/// <summary>
/// IANA "TLS HandshakeType" with the role of each message.
/// Source: https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-7
/// </summary>
public static class HandshakeTypes
{
    public static ValueRegistry Registry { get; } = new("TLS HandshakeType", 1, grease: false,
    [
        new(0, "HelloRequest", "the server asks the client to start a new handshake (TLS 1.2 renegotiation, RFC 5246 §7.4.1.1)"),
        new(1, "ClientHello", "the client opens the handshake: versions, cipher suites, extensions and its key shares (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2)"),
        new(2, "ServerHello", "the server's choices: version, cipher suite and extensions; in TLS 1.3 also its key share (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3)"),
        new(3, "HelloVerifyRequest", "a DTLS server asks the client to repeat its ClientHello with a cookie (RFC 6347 §4.2.1)"),
        new(4, "NewSessionTicket", "a ticket the client can use to resume this session later (RFC 8446 §4.6.1, RFC 5077)"),
        new(5, "EndOfEarlyData", "the client's 0-RTT data is over (RFC 8446 §4.5)"),
        new(6, "HelloRetryRequest", "pre-draft-22 TLS 1.3 HelloRetryRequest"),
        new(8, "EncryptedExtensions", "the server's extensions that need not be in the clear, the first encrypted message (RFC 8446 §4.3.1)"),
        new(11, "Certificate", "the sender's certificate chain (RFC 8446 §4.4.2, RFC 5246 §7.4.2)"),
        new(12, "ServerKeyExchange", "the server's (EC)DHE parameters and public key, signed (RFC 5246 §7.4.3)"),
        new(13, "CertificateRequest", "the server asks the client for a certificate (RFC 8446 §4.3.2, RFC 5246 §7.4.4)"),
        new(14, "ServerHelloDone", "the server's first flight is complete (RFC 5246 §7.4.5)"),
        new(15, "CertificateVerify", "a signature over the handshake so far, proving possession of the certificate's private key (RFC 8446 §4.4.3, RFC 5246 §7.4.8)"),
        new(16, "ClientKeyExchange", "the client's key-exchange contribution: an (EC)DHE public key or an RSA-encrypted pre-master secret (RFC 5246 §7.4.7)"),
        new(20, "Finished", "a MAC over the whole handshake with keys from the shared secret: both sides saw the same handshake (RFC 8446 §4.4.4, RFC 5246 §7.4.9)"),
        new(21, "CertificateURL", "certificate URLs (RFC 6066 §5)"),
        new(22, "CertificateStatus", "a stapled OCSP response (RFC 6066 §8)"),
        new(23, "SupplementalData", "supplemental data (RFC 4680)"),
        new(24, "KeyUpdate", "the sender switches to the next generation of traffic keys (RFC 8446 §4.6.3)"),
        new(25, "CompressedCertificate", "a Certificate message compressed with an algorithm from compress_certificate (RFC 8879)"),
        new(26, "EKTKey", "EKT key for DTLS-SRTP (RFC 8870)"),
        new(254, "message_hash", "stands for a hashed ClientHello in the transcript after a HelloRetryRequest (RFC 8446 §4.4.1)"),
    ]);
}
