namespace TlsExtcap.Core.Tls.Wire;

/// <summary>Protocol version as on the wire. RFC 8446 §4.2.1, RFC 6347 §4.1.</summary>
public enum TlsVersion : ushort
{
    Unknown = 0,
    /// <summary>DTLS 1.0 as sent by OpenSSL before 0.9.8f (DTLS_BAD_VER).</summary>
    DtlsOpenSslPre098f = 0x0100,
    Ssl30 = 0x0300,
    Tls10 = 0x0301,
    Tls11 = 0x0302,
    Tls12 = 0x0303,
    Tls13 = 0x0304,
    Dtls10 = 0xfeff,
    Dtls12 = 0xfefd,
    Dtls13 = 0xfefc,
}
