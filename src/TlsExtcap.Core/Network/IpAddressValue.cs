using System.Buffers.Binary;

namespace TlsExtcap.Core.Network;

/// <summary>
/// An IPv4 or IPv6 address held in two machine words, so flow keys and packet structs need no heap
/// allocation. <see cref="ToString"/> matches <see cref="System.Net.IPAddress.ToString"/> (RFC 5952 form).
/// </summary>
public readonly struct IpAddressValue : IEquatable<IpAddressValue>
{
    private const int V4Length = 4;
    private const int V6Length = 16;
    private const int GroupCount = 8;

    // Network-order bytes 0..7 and 8..15 of an IPv6 address; an IPv4 address lives in the low 32 bits of _low.
    private readonly ulong _high;
    private readonly ulong _low;

    private IpAddressValue(ulong high, ulong low, bool isV6)
    {
        _high = high;
        _low = low;
        IsV6 = isV6;
    }

    /// <summary>True for IPv6, false for IPv4.</summary>
    public bool IsV6 { get; }

    /// <summary>Creates an IPv4 address from its 4 network-order bytes.</summary>
    public static IpAddressValue FromV4(ReadOnlySpan<byte> b)
    {
        if (b.Length != V4Length)
        {
            throw new ArgumentException("An IPv4 address is 4 bytes.", nameof(b));
        }

        return new IpAddressValue(0, BinaryPrimitives.ReadUInt32BigEndian(b), isV6: false);
    }

    /// <summary>Creates an IPv6 address from its 16 network-order bytes.</summary>
    public static IpAddressValue FromV6(ReadOnlySpan<byte> b)
    {
        if (b.Length != V6Length)
        {
            throw new ArgumentException("An IPv6 address is 16 bytes.", nameof(b));
        }

        return new IpAddressValue(BinaryPrimitives.ReadUInt64BigEndian(b), BinaryPrimitives.ReadUInt64BigEndian(b[8..]), isV6: true);
    }

    /// <summary>Copies the address bytes (4 or 16) to <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (IsV6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..V6Length], _low);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[..V4Length], (uint)_low);
        }
    }

    public bool Equals(IpAddressValue other) => _high == other._high && _low == other._low && IsV6 == other.IsV6;

    public override bool Equals(object? obj) => obj is IpAddressValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low, IsV6);

    /// <summary>A hash that is the same in every process (unlike <see cref="GetHashCode"/>, seeded per process).</summary>
    internal ulong StableHash() => ((_high * 0x9E3779B97F4A7C15UL) ^ _low) + (IsV6 ? 1UL : 0UL);

    public static bool operator ==(IpAddressValue left, IpAddressValue right) => left.Equals(right);

    public static bool operator !=(IpAddressValue left, IpAddressValue right) => !left.Equals(right);

    /// <summary>Dotted quad for IPv4; RFC 5952 compressed lower-case text for IPv6.</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[48];
        int length = IsV6 ? FormatV6(text) : FormatV4((uint)_low, text);
        return new string(text[..length]);
    }

    private static int FormatV4(uint address, Span<char> destination)
    {
        int written = 0;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            if (shift != 24)
            {
                destination[written++] = '.';
            }

            ((address >> shift) & 0xFF).TryFormat(destination[written..], out int n);
            written += n;
        }

        return written;
    }

    private int FormatV6(Span<char> destination)
    {
        Span<ushort> groups = stackalloc ushort[GroupCount];
        for (int i = 0; i < 4; i++)
        {
            groups[i] = (ushort)(_high >> (48 - (16 * i)));
            groups[i + 4] = (ushort)(_low >> (48 - (16 * i)));
        }

        bool embeddedV4 = HasEmbeddedV4(groups);
        int hexGroups = embeddedV4 ? 6 : GroupCount;
        FindLongestZeroRun(groups[..hexGroups], out int runStart, out int runLength);

        int written = 0;
        for (int i = 0; i < hexGroups; i++)
        {
            if (runLength > 0 && i == runStart)
            {
                // RFC 5952 §4.2: the longest run of zero groups becomes "::".
                destination[written++] = ':';
                destination[written++] = ':';
                i += runLength - 1;
                continue;
            }

            if (written > 0 && destination[written - 1] != ':')
            {
                destination[written++] = ':';
            }

            // RFC 5952 §4.1 and §4.3: no leading zeros, lower-case hex digits.
            groups[i].TryFormat(destination[written..], out int n, "x");
            written += n;
        }

        if (embeddedV4)
        {
            if (destination[written - 1] != ':')
            {
                destination[written++] = ':';
            }

            written += FormatV4((uint)_low, destination[written..]);
        }

        return written;
    }

    /// <summary>
    /// RFC 5952 §5 (and System.Net's choice of formats): IPv4-compatible, IPv4-mapped, IPv4-translated and
    /// ISATAP addresses show their last 32 bits as a dotted quad.
    /// </summary>
    private static bool HasEmbeddedV4(ReadOnlySpan<ushort> g)
    {
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[6] != 0)
        {
            if (g[4] == 0 && (g[5] == 0 || g[5] == 0xFFFF))
            {
                return true;
            }

            if (g[4] == 0xFFFF && g[5] == 0)
            {
                return true;
            }
        }

        return g[4] == 0 && g[5] == 0x5EFE;
    }

    /// <summary>RFC 5952 §4.2.2–§4.2.3: the longest run of at least two zero groups, the first one on a tie.</summary>
    private static void FindLongestZeroRun(ReadOnlySpan<ushort> groups, out int bestStart, out int bestLength)
    {
        bestStart = -1;
        bestLength = 0;
        int start = -1;
        for (int i = 0; i <= groups.Length; i++)
        {
            if (i < groups.Length && groups[i] == 0)
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0 && i - start > bestLength && i - start >= 2)
            {
                bestStart = start;
                bestLength = i - start;
            }

            start = -1;
        }
    }
}
