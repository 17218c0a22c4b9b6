namespace TlsExtcap.Core.Network;

/// <summary>IEEE 802 EtherType values the decoder dispatches on.</summary>
internal enum EtherType : ushort
{
    Ipv4 = 0x0800,
    Arp = 0x0806,
    Vlan = 0x8100,
    Ipv6 = 0x86DD,
    ProviderBridging = 0x88A8,
    LegacyQinQ = 0x9100,
}
