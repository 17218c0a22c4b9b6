namespace TlsExtcap.Fuzz;

/// <summary>Seeded random mutations: bit flips, interesting values, length-field bumps, deletions, duplications, splices.</summary>
public sealed class Mutator(int seed)
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x10, 0x40, 0x20];
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
        switch (_random.Next(8))
        {
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
