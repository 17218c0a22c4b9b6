namespace TlsExtcap.Core.Keys;

/// <summary>Hexadecimal decoding of ASCII bytes (upper- or lower-case digits, no separators).</summary>
internal static class Hex
{
    /// <summary>Decodes <paramref name="hex"/> into a new array; false if the length is odd or a digit is invalid.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> hex, out byte[] bytes)
    {
        if ((hex.Length & 1) != 0)
        {
            bytes = [];
            return false;
        }

        byte[] result = new byte[hex.Length / 2];
        for (int i = 0; i < result.Length; i++)
        {
            int hi = Digit(hex[2 * i]);
            int lo = Digit(hex[(2 * i) + 1]);
            if ((hi | lo) < 0)
            {
                // The partly decoded bytes may be a secret.
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(result);
                bytes = [];
                return false;
            }

            result[i] = (byte)((hi << 4) | lo);
        }

        bytes = result;
        return true;
    }

    private static int Digit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
