namespace TlsExtcap.Core.Network;

/// <summary>IANA "Assigned Internet Protocol Numbers" the decoder walks through or stops at.</summary>
internal enum IpProtocolNumber : byte
{
    HopByHopOptions = 0,
    Tcp = 6,
    Udp = 17,
    Routing = 43,
    Fragment = 44,
    AuthenticationHeader = 51,
    NoNextHeader = 59,
    DestinationOptions = 60,
}
