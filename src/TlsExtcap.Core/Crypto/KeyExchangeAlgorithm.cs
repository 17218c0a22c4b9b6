namespace TlsExtcap.Core.Crypto;

/// <summary>
/// Key exchange named by a cipher suite (RFC 5246 §A.5, RFC 4279, RFC 5489, RFC 8422, RFC 5054, RFC 2712).
/// TLS 1.3 suites do not name one (RFC 8446 §B.4), they carry <see cref="Tls13"/>.
/// </summary>
public enum KeyExchangeAlgorithm
{
    Null,
    Rsa,
    RsaExport,
    DhDss,
    DhRsa,
    DheDss,
    DheRsa,
    DhAnon,
    EcdhEcdsa,
    EcdhRsa,
    EcdheEcdsa,
    EcdheRsa,
    EcdhAnon,
    Psk,
    DhePsk,
    RsaPsk,
    EcdhePsk,
    Srp,
    Krb5,
    Tls13,
}
