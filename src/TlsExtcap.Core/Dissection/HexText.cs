using System.Text;

namespace TlsExtcap.Core.Dissection;

/// <summary>Hex as the seed document writes it: lower case, bytes separated by spaces, long runs elided.</summary>
public static class HexText
{
    /// <summary>"16 03 01 01 58"; longer than <paramref name="maxBytes"/>: "cc e0 a3 ... 73 d1 b2".</summary>
    public static string Spaced(ReadOnlySpan<byte> bytes, int maxBytes = 16)
    {
        if (bytes.Length <= maxBytes)
        {
            return Join(bytes);
        }

        int side = Math.Max(1, (maxBytes - 2) / 2);
        return Join(bytes[..side]) + " ... " + Join(bytes[^side..]);
    }

    /// <summary>Unseparated lower-case hex.</summary>
    public static string Plain(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static string Join(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }

            text.Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
