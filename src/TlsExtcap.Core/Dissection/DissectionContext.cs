using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection;

/// <summary>
/// What a dissector may know while it reads one record, message or extension: the connection and what
/// has been negotiated so far, the direction, the frame, and the registry to hand sub-structures to.
/// </summary>
public sealed class DissectionContext
{
    public DissectionContext(TlsConnection connection, Direction direction, long frame, DissectorRegistry registry)
    {
        Connection = connection;
        Direction = direction;
        Frame = frame;
        Registry = registry;
    }

    public TlsConnection Connection { get; }

    public Direction Direction { get; }

    public long Frame { get; }

    public DissectorRegistry Registry { get; }

    /// <summary>The handshake message being dissected (extensions mean different things in each).</summary>
    public HandshakeType? Message { get; set; }

    /// <summary>The negotiated version so far (0 before the ServerHello).</summary>
    public ushort Version { get; set; }

    /// <summary>The negotiated cipher suite so far.</summary>
    public ushort? CipherSuite { get; set; }

    public bool IsTls13 => TlsVersionNames.IsTls13(Version);

    /// <summary>TLS 1.2, DTLS 1.2 and TLS 1.3 name the signature algorithm in signed messages (RFC 5246 §7.4.1.4.1).</summary>
    public bool HasSignatureAlgorithms => Version is 0x0303 or 0xfefd or 0xfefc || IsTls13;

    /// <summary>TLS 1.2 and DTLS 1.2 (not 1.3): CertificateRequest lists signature algorithms in its body.</summary>
    public bool IsTls12 => Version is 0x0303 or 0xfefd;

    /// <summary>SSL 3.0 and OpenSSL's pre-standard DTLS (0x0100) send the RSA-encrypted secret without a length (RFC 6101 §5.6.7.1).</summary>
    public bool IsSsl3Style => Version is 0x0300 or 0x0100;

    public bool IsDtls => Connection.Transport == Network.TransportProtocol.Udp;

    public bool FromClient => Direction == Direction.ClientToServer;

    /// <summary>The application protocol chosen by ALPN, once the server said it.</summary>
    public string? Alpn { get; set; }

    /// <summary>Checks that need the whole handshake (Finished MACs, signatures); set by the annotator.</summary>
    public IHandshakeChecks? Checks { get; set; }
}
