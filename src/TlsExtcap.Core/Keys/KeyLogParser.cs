using System.Security.Cryptography;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// Parses NSS key log files (draft-ietf-tls-keylogfile §3, RFC 9850 §3): one
/// <c>&lt;label&gt; &lt;hex identifier&gt; &lt;hex secret&gt;</c> per line, <c>#</c> comments, blank lines.
/// Bad lines are reported with their line number and skipped; parsing never throws for content.
/// </summary>
public static class KeyLogParser
{
    /// <summary>Longest accepted line in bytes, terminator excluded. The longest valid line (a 1024-byte PMS) is ~2.1 KB.</summary>
    public const int MaxLineLength = 4096;

    /// <summary>Largest key log file <see cref="ParseFile"/> reads.</summary>
    public const long MaxFileSize = 64L * 1024 * 1024;

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>Parses the whole content of a key log.</summary>
    /// <param name="content">The bytes of the key log (ASCII).</param>
    /// <param name="sourceName">Names the origin in <see cref="KeyLogError.Source"/>.</param>
    public static KeyLogParseResult Parse(ReadOnlySpan<byte> content, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        var entries = new List<KeyLogEntry>();
        var errors = new List<KeyLogError>();
        int lineNumber = 0;

        // A key log saved by a Windows editor may start with a UTF-8 byte order mark; it is not content.
        if (content.StartsWith(Utf8ByteOrderMark))
        {
            content = content[Utf8ByteOrderMark.Length..];
        }

        while (!content.IsEmpty)
        {
            lineNumber++;
            int newline = content.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = newline < 0 ? content : content[..newline];
            content = newline < 0 ? default : content[(newline + 1)..];

            // RFC 9850 §3: lines end in LF; tolerate the CR of CRLF files.
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (TryParseLine(line, out KeyLogEntry? entry, out KeyLogErrorReason reason))
            {
                if (entry is not null)
                {
                    entries.Add(entry);
                }
            }
            else
            {
                errors.Add(new KeyLogError(lineNumber, reason, sourceName));
            }
        }

        return new KeyLogParseResult(entries, errors);
    }

    /// <summary>Reads and parses a key log file of at most <see cref="MaxFileSize"/> bytes.</summary>
    /// <exception cref="KeyFileException"><see cref="KeyFileError.NotFound"/> or <see cref="KeyFileError.TooLarge"/>.</exception>
    public static KeyLogParseResult ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] content = KeyFileReader.ReadBounded(path, MaxFileSize);
        try
        {
            return Parse(content, path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>
    /// Parses one line without its terminator. Returns true with a null entry for blank and comment lines.
    /// </summary>
    internal static bool TryParseLine(ReadOnlySpan<byte> line, out KeyLogEntry? entry, out KeyLogErrorReason reason)
    {
        entry = null;
        reason = default;

        // Limit checked first, so an over-long line is never examined or copied further.
        if (line.Length > MaxLineLength)
        {
            reason = KeyLogErrorReason.LineTooLong;
            return false;
        }

        ReadOnlySpan<byte> text = Trim(line);
        bool isComment = !text.IsEmpty && text[0] == (byte)'#';
        if (ContainsBinary(text, allowNonAscii: isComment))
        {
            reason = KeyLogErrorReason.BinaryData;
            return false;
        }

        // RFC 9850 §3: lines starting with '#' are comments; empty lines are ignored.
        if (text.IsEmpty || isComment)
        {
            return true;
        }

        Span<Range> fields = stackalloc Range[4];
        int count = Split(text, fields);
        if (!KeyLogLabelTable.TryParse(text[fields[0]], out KeyLogLabel label, out int generation))
        {
            reason = KeyLogErrorReason.UnknownLabel;
            return false;
        }

        if (count < 3)
        {
            reason = KeyLogErrorReason.MissingField;
            return false;
        }

        if (count > 3)
        {
            reason = KeyLogErrorReason.ExtraField;
            return false;
        }

        if (!Hex.TryDecode(text[fields[1]], out byte[] identifier))
        {
            reason = KeyLogErrorReason.BadHex;
            return false;
        }

        if (!Hex.TryDecode(text[fields[2]], out byte[] secret))
        {
            reason = KeyLogErrorReason.BadHex;
            return false;
        }

        // RFC 9850 §3: the client random is 32 bytes; Wireshark's RSA line uses 8 bytes of the encrypted PMS.
        if (identifier.Length != KeyLogLabelTable.IdentifierLength(label))
        {
            CryptographicOperations.ZeroMemory(secret);
            reason = KeyLogErrorReason.BadIdentifierLength;
            return false;
        }

        if (!KeyLogLabelTable.IsValidSecretLength(label, secret.Length))
        {
            CryptographicOperations.ZeroMemory(secret);
            reason = KeyLogErrorReason.BadSecretLength;
            return false;
        }

        entry = KeyLogEntry.FromOwnedArrays(label, generation, identifier, secret);
        return true;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line)
    {
        int start = 0;
        while (start < line.Length && IsSpace(line[start]))
        {
            start++;
        }

        int end = line.Length;
        while (end > start && IsSpace(line[end - 1]))
        {
            end--;
        }

        return line[start..end];
    }

    /// <summary>Splits on runs of spaces/tabs; fills at most <c>fields.Length</c> ranges and returns how many fields there are (capped at that length).</summary>
    private static int Split(ReadOnlySpan<byte> text, Span<Range> fields)
    {
        int count = 0;
        int i = 0;
        while (i < text.Length && count < fields.Length)
        {
            int start = i;
            while (i < text.Length && !IsSpace(text[i]))
            {
                i++;
            }

            fields[count++] = start..i;
            while (i < text.Length && IsSpace(text[i]))
            {
                i++;
            }
        }

        return count;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t';

    /// <summary>NUL and other control bytes are never text; non-ASCII is allowed only in comments (UTF-8).</summary>
    private static bool ContainsBinary(ReadOnlySpan<byte> text, bool allowNonAscii)
    {
        foreach (byte b in text)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F || (b >= 0x80 && !allowNonAscii))
            {
                return true;
            }
        }

        return false;
    }
}
