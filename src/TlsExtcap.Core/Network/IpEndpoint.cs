namespace TlsExtcap.Core.Network;

/// <summary>An IP address and a transport port, without heap allocation.</summary>
public readonly struct IpEndpoint : IEquatable<IpEndpoint>
{
    public IpEndpoint(IpAddressValue address, ushort port)
    {
        Address = address;
        Port = port;
    }

    public IpAddressValue Address { get; }

    public ushort Port { get; }

    public bool Equals(IpEndpoint other) => Address.Equals(other.Address) && Port == other.Port;

    public override bool Equals(object? obj) => obj is IpEndpoint other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Address, Port);

    public static bool operator ==(IpEndpoint left, IpEndpoint right) => left.Equals(right);

    public static bool operator !=(IpEndpoint left, IpEndpoint right) => !left.Equals(right);

    /// <summary>"1.2.3.4:443" or, RFC 5952 §6, "[::1]:443".</summary>
    public override string ToString() =>
        Address.IsV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
