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

    public bool IsDtls => Connection.Transport == Network.TransportProtocol.Udp;

    public bool FromClient => Direction == Direction.ClientToServer;

    /// <summary>The application protocol chosen by ALPN, once the server said it.</summary>
    public string? Alpn { get; set; }

    /// <summary>Checks that need the whole handshake (Finished MACs, signatures); set by the annotator.</summary>
    public IHandshakeChecks? Checks { get; set; }
}
