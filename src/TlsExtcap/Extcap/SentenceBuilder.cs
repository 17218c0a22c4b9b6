using System.Text;

namespace TlsExtcap.Extcap;

/// <summary>
/// Builds extcap sentences (<c>keyword {key=value}...</c>). Values are cleaned so the tokenizer of
/// Wireshark's extcap_parser.c reads them back: no line breaks, no <c>}{</c> sequence, and booleans are
/// written exactly <c>true</c>/<c>false</c> (its loose boolean regex, interfaces notes §2.2).
/// </summary>
internal sealed class SentenceBuilder
{
    private readonly StringBuilder _text = new();

    public SentenceBuilder(string keyword)
    {
        _text.Append(keyword).Append(' ');
    }

    public SentenceBuilder Add(string key, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _text.Append('{').Append(key).Append('=').Append(Clean(value)).Append('}');
        return this;
    }

    public SentenceBuilder Add(string key, int value) => Add(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public SentenceBuilder Add(string key, bool value) => Add(key, value ? "true" : "false");

    public override string ToString() => _text.ToString();

    /// <summary>Makes a value safe for one sentence.</summary>
    public static string Clean(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (char ch in value)
        {
            builder.Append(ch is '\r' or '\n' or '\t' ? ' ' : ch);
        }

        // A value ends at a '}' followed by '{' (extcap_parser.c): break the pair.
        return builder.ToString().Replace("}{", "} {");
    }
}
