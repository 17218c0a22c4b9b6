namespace TlsExtcap.Core.Capture;

/// <summary>
/// Unit of an interface's timestamps: 10^-n or 2^-n seconds (pcapng §4.2, <c>if_tsresol</c>).
/// </summary>
internal readonly struct TimestampResolution
{
    private const byte PowerOfTwoFlag = 0x80;

    // 10^19 is the largest power of ten below 2^64.
    private const int MaxDecimalExponent = 19;

    private static readonly ulong[] PowersOfTen = BuildPowersOfTen();

    private TimestampResolution(bool powerOfTwo, int exponent)
    {
        IsPowerOfTwo = powerOfTwo;
        Exponent = exponent;
    }

    /// <summary>Microseconds, the pcapng default when <c>if_tsresol</c> is absent.</summary>
    public static TimestampResolution Microseconds { get; } = new(false, 6);

    public static TimestampResolution Nanoseconds { get; } = new(false, 9);

    public bool IsPowerOfTwo { get; }

    public int Exponent { get; }

    /// <summary>Decodes an <c>if_tsresol</c> byte; false when the unit cannot be represented.</summary>
    public static bool TryFromTsresol(byte value, out TimestampResolution resolution)
    {
        // pcapng §4.2 if_tsresol: MSB 0 → 10^-n, MSB 1 → 2^-n with n in the remaining bits.
        bool powerOfTwo = (value & PowerOfTwoFlag) != 0;
        int exponent = value & ~PowerOfTwoFlag;
        resolution = new TimestampResolution(powerOfTwo, exponent);
        return powerOfTwo || exponent <= MaxDecimalExponent;
    }

    /// <summary>Converts a tick count in this unit to nanoseconds (wrapping for absurd values).</summary>
    public long ToNanoseconds(ulong ticks)
    {
        if (IsPowerOfTwo)
        {
            return unchecked((long)(ulong)(((UInt128)ticks * 1_000_000_000UL) >> Exponent));
        }

        return Exponent <= 9
            ? unchecked((long)(ticks * PowersOfTen[9 - Exponent]))
            : unchecked((long)(ticks / PowersOfTen[Exponent - 9]));
    }

    /// <summary>Converts nanoseconds to a tick count in this unit (writer side).</summary>
    public ulong FromNanoseconds(long nanoseconds)
    {
        ulong ns = unchecked((ulong)nanoseconds);
        if (IsPowerOfTwo)
        {
            return unchecked((ulong)(((UInt128)ns << Exponent) / 1_000_000_000UL));
        }

        return Exponent <= 9
            ? ns / PowersOfTen[9 - Exponent]
            : unchecked(ns * PowersOfTen[Exponent - 9]);
    }

    private static ulong[] BuildPowersOfTen()
    {
        var powers = new ulong[MaxDecimalExponent + 1];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
