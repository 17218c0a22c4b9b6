namespace TlsExtcap.Fuzz;

/// <summary>
/// Seeded random mutations: bit flips, interesting bytes, length-field bumps, deletions, duplications,
/// splices, and wire values that sit on the parsers' limits (TLS record and handshake lengths around
/// 2^14, versions, pcap/pcapng lengths around 16 MiB, in both byte orders).
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x10, 0x40, 0x20];

    /// <summary>16-bit values: RFC 8446 §5.1 record limits (2^14, +256, +2048), versions, extremes.</summary>
    private static readonly ushort[] Interesting16 = [0x0000, 0x0001, 0x3fff, 0x4000, 0x4001, 0x4100, 0x4101, 0x4800, 0x4801, 0x7fff, 0x8000, 0xffff, 0x0300, 0x0301, 0x0303, 0x0304, 0xfeff, 0xfefd, 0x7f1c];

    /// <summary>32-bit values: block and record lengths around the 16 MiB caps, pcapng magics, extremes.</summary>
    private static readonly uint[] Interesting32 = [0, 1, 4, 12, 0x00ffffff, 0x01000000, 0x01000001, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff, 0x0a0d0d0a, 0x1a2b3c4d, 0x544c534b];
    private readonly Random _random = new(seed);

    public byte[] Mutate(IReadOnlyList<byte[]> seeds)
    {
        byte[] data = (byte[])seeds[_random.Next(seeds.Count)].Clone();
        int rounds = 1 + _random.Next(4);
        for (int i = 0; i < rounds; i++)
        {
            data = MutateOnce(data, seeds);
        }

        return data;
    }

    private byte[] MutateOnce(byte[] data, IReadOnlyList<byte[]> seeds)
    {
        if (data.Length == 0)
        {
            return [(byte)_random.Next(256)];
        }

        int at = _random.Next(data.Length);
        switch (_random.Next(10))
        {
            case 8:
                if (at + 1 < data.Length)
                {
                    ushort value = Interesting16[_random.Next(Interesting16.Length)];
                    bool little = _random.Next(2) == 0;
                    data[at] = (byte)(little ? value : value >> 8);
                    data[at + 1] = (byte)(little ? value >> 8 : value);
                }

                return data;
            case 9:
                if (at + 3 < data.Length)
                {
                    uint value = Interesting32[_random.Next(Interesting32.Length)];
                    if (_random.Next(2) == 0)
                    {
                        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(at), value);
                    }
                    else
                    {
                        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(at), value);
                    }
                }

                return data;
            case 0:
                data[at] ^= (byte)(1 << _random.Next(8));
                return data;
            case 1:
                data[at] = Interesting[_random.Next(Interesting.Length)];
                return data;
            case 2:
                // A big-endian 16-bit field (TLS lengths) nudged or maxed.
                if (at + 1 < data.Length)
                {
                    int value = (data[at] << 8) | data[at + 1];
                    value = _random.Next(3) switch { 0 => value + 1, 1 => value - 1, _ => 0xffff };
                    data[at] = (byte)(value >> 8);
                    data[at + 1] = (byte)value;
                }

                return data;
            case 3:
                {
                    int length = Math.Min(data.Length - at, 1 + _random.Next(64));
                    return [.. data.AsSpan(0, at), .. data.AsSpan(at + length)];
                }

            case 4:
                {
                    int length = Math.Min(data.Length - at, 1 + _random.Next(64));
                    return [.. data.AsSpan(0, at + length), .. data.AsSpan(at, length), .. data.AsSpan(at + length)];
                }

            case 5:
                return data.AsSpan(0, at).ToArray();
            case 6:
                {
                    byte[] other = seeds[_random.Next(seeds.Count)];
                    int from = _random.Next(Math.Max(1, other.Length));
                    int length = Math.Min(other.Length - from, 1 + _random.Next(256));
                    return [.. data.AsSpan(0, at), .. other.AsSpan(from, Math.Max(0, length)), .. data.AsSpan(at)];
                }

            default:
                for (int i = 0; i < 1 + _random.Next(16); i++)
                {
                    data[_random.Next(data.Length)] = (byte)_random.Next(256);
                }

                return data;
        }
    }
}
