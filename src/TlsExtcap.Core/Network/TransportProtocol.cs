namespace TlsExtcap.Core.Network;

/// <summary>Transport protocols the fast-path decoder understands (IANA protocol numbers).</summary>
public enum TransportProtocol : byte
{
    Tcp = 6,
    Udp = 17,
}
