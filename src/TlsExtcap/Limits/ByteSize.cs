using System.Globalization;

namespace TlsExtcap.Limits;

/// <summary>
/// Sizes as options take them: a number of bytes, optionally with a binary suffix — <c>65536</c>,
/// <c>64K</c>, <c>4M</c>, <c>1G</c> (case-insensitive). Nothing else: no sign, no spaces, no fractions.
/// </summary>
internal static class ByteSize
{
    /// <summary>The extcap dialog's check for the same syntax (interfaces notes §2.5; no backslashes to double).</summary>
    public const string Pattern = "^[0-9]+[KkMmGg]?$";

    /// <summary>Longest text accepted: 19 digits and a suffix already overflow.</summary>
    private const int MaxLength = 20;

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        int shift = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            _ => 0,
        };
        var digits = shift == 0 ? text.AsSpan() : text.AsSpan(0, text.Length - 1);
        if (digits.IsEmpty || digits.ContainsAnyExcept("0123456789")
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            || value > (long.MaxValue >> shift))
        {
            return false;
        }

        bytes = value << shift;
        return true;
    }

    /// <summary>The shortest exact spelling: 4194304 → "4M", 1536 → "1536".</summary>
    public static string Format(long bytes)
    {
        foreach (var (shift, suffix) in new[] { (30, "G"), (20, "M"), (10, "K") })
        {
            if (bytes != 0 && bytes % (1L << shift) == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{bytes >> shift}{suffix}");
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
