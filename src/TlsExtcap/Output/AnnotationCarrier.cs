using System.Diagnostics.CodeAnalysis;
using System.Text;
using TlsExtcap.Core.Dissection;

namespace TlsExtcap.Output;

/// <summary>
/// The spellings of the annotation carrier format v1 (wireshark/README.md): the part header, the record
/// letters, the kind and severity words and the field escaping, shared by the encoder, the decoder and —
/// by hand — wireshark/tlsextcap.lua.
/// </summary>
internal static class AnnotationCarrier
{
    /// <summary>The first word of every annotation comment; the version and <c>part/parts</c> follow.</summary>
    public const string PartPrefix = "TlsExtcap-annotations ";

    public const int Version = 1;

    /// <summary>How the frame's one-line summary comment starts (written by the extcap, read by the Lua).</summary>
    public const string SummaryPrefix = "TlsExtcap: ";

    /// <summary>
    /// The largest comment, in UTF-8 bytes. pcapng §3.5: an option length is a u16 (65,535); the rest is
    /// headroom for the option header and padding.
    /// </summary>
    public const int MaxCommentBytes = 60_000;

    /// <summary>The name of the last node when the budget cut the tree short.</summary>
    public const string TruncatedName = "annotations truncated";

    /// <summary>A field separator in a body line.</summary>
    public const char Separator = '\t';

    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string PartHeader(int part, int parts) => $"{PartPrefix}{Version} {part}/{parts}\n";

    public static string KindName(DataSourceKind kind) => kind == DataSourceKind.Decrypted ? "decrypted" : "reassembled";

    public static bool TryParseKind(string text, out DataSourceKind kind)
    {
        switch (text)
        {
            case "decrypted":
                kind = DataSourceKind.Decrypted;
                return true;
            case "reassembled":
                kind = DataSourceKind.Reassembled;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    public static string SeverityName(AnnotationSeverity severity) => severity switch
    {
        AnnotationSeverity.Verified => "verified",
        AnnotationSeverity.Warning => "warning",
        AnnotationSeverity.Error => "error",
        _ => "none",
    };

    public static bool TryParseSeverity(string text, out AnnotationSeverity severity)
    {
        switch (text)
        {
            case "none":
                severity = AnnotationSeverity.None;
                return true;
            case "verified":
                severity = AnnotationSeverity.Verified;
                return true;
            case "warning":
                severity = AnnotationSeverity.Warning;
                return true;
            case "error":
                severity = AnnotationSeverity.Error;
                return true;
            default:
                severity = default;
                return false;
        }
    }

    /// <summary>
    /// Escapes a label, name, value or text: <c>\</c> → <c>\\</c>, TAB → <c>\t</c>, LF → <c>\n</c>,
    /// CR → <c>\r</c>. NUL becomes U+2400 (␀): Wireshark's strings end at the first NUL, which would cut
    /// the comment short.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny("\\\t\n\r\0") < 0)
        {
            return text ?? string.Empty;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\t':
                    builder.Append(@"\t");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                case '\r':
                    builder.Append(@"\r");
                    break;
                case '\0':
                    builder.Append('\u2400');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Undoes <see cref="Escape"/>; false for a backslash followed by anything else or by nothing.</summary>
    public static bool TryUnescape(string text, [NotNullWhen(true)] out string? result)
    {
        if (!text.Contains('\\'))
        {
            result = text;
            return true;
        }

        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (++i == text.Length)
            {
                result = null;
                return false;
            }

            switch (text[i])
            {
                case '\\':
                    builder.Append('\\');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                default:
                    result = null;
                    return false;
            }
        }

        result = builder.ToString();
        return true;
    }
}
