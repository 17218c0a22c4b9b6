using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>One handshake message as the transcript sees it: 4-byte header and body.</summary>
internal sealed record HandshakeMessage(Direction Direction, HandshakeType Type, byte[] Bytes)
{
    private const int HeaderLength = 4;

    public ReadOnlySpan<byte> Body => Bytes.AsSpan(HeaderLength);

    public bool FromClient => Direction == Direction.ClientToServer;
}
