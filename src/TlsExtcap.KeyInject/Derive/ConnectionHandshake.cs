using TlsExtcap.Core.Network;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>The handshake messages one pass saw for one connection, in capture order.</summary>
internal sealed class ConnectionHandshake(TlsConnection connection)
{
    public string Name { get; } = connection.ToString();

    public TransportProtocol Transport { get; } = connection.Transport;

    /// <summary>Client random of the first ClientHello (hex); null until one was seen.</summary>
    public string? ClientRandom { get; set; }

    public List<HandshakeMessage> Messages { get; } = [];
}
