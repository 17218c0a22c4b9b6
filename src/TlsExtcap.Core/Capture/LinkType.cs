namespace TlsExtcap.Core.Capture;

/// <summary>
/// Link-layer header type of a capture interface (tcpdump.org LINKTYPE_ registry). Values not listed
/// here are carried through as their numeric value.
/// </summary>
public enum LinkType : uint
{
    /// <summary>BSD loopback: 4-byte address family in the capturing host's byte order.</summary>
    Null = 0,

    /// <summary>IEEE 802.3 Ethernet.</summary>
    Ethernet = 1,

    /// <summary>Raw IP; the version nibble of the first byte tells IPv4 from IPv6.</summary>
    Raw = 101,

    /// <summary>OpenBSD loopback: 4-byte address family in network byte order.</summary>
    Loop = 108,

    /// <summary>Linux "cooked" capture v1 (16-byte header).</summary>
    LinuxSll = 113,

    /// <summary>Raw IPv4.</summary>
    Ipv4 = 228,

    /// <summary>Raw IPv6.</summary>
    Ipv6 = 229,

    /// <summary>Linux "cooked" capture v2 (20-byte header).</summary>
    LinuxSll2 = 276,
}
