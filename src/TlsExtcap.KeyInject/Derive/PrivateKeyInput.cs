using System.Globalization;
using TlsExtcap.KeyInject.Commands;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>
/// Reads <c>--private-key</c> values: hex digits, or a file with one key per line (the last
/// whitespace-separated field of each line is the hex key, so <c>X25519_CLIENT 186b…</c> works;
/// blank lines and <c>#</c> comments are skipped). The group is found by trying each key.
/// </summary>
internal static class PrivateKeyInput
{
    public static List<byte[]> Load(IEnumerable<string> values)
    {
        var keys = new List<byte[]>();
        foreach (string value in values)
        {
            if (File.Exists(value))
            {
                int lineNumber = 0;
                foreach (string line in File.ReadLines(value))
                {
                    lineNumber++;
                    string text = line.Trim();
                    if (text.Length == 0 || text.StartsWith('#'))
                    {
                        continue;
                    }

                    string field = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[^1];
                    if (!TryParseHex(field, out byte[] key))
                    {
                        throw new InputException(value, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber} does not end with a hex private key"));
                    }

                    keys.Add(key);
                }
            }
            else if (TryParseHex(value, out byte[] key))
            {
                keys.Add(key);
            }
            else
            {
                // Never echo the value: it may be a mistyped key.
                throw new InputException("--private-key", "a value is neither an existing file nor hex digits");
            }
        }

        return keys;
    }

    private static bool TryParseHex(string text, out byte[] bytes)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        bytes = [];
        if (text.Length == 0 || text.Length % 2 != 0)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
