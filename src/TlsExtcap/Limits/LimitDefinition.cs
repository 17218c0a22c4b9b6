namespace TlsExtcap.Limits;

/// <summary>
/// One configurable limit: its option (the same on the command line and in the extcap), what it
/// bounds, its default and the values it accepts. The CLI options, the extcap <c>arg</c> sentences and
/// the README's limits table are all made from <see cref="CaptureLimits.Definitions"/>.
/// </summary>
internal sealed record LimitDefinition(string Option, string Display, string Tooltip, LimitKind Kind, long Default, long Min, long Max, bool ExtcapOnly)
{
    public string FormatValue(long value) => Kind == LimitKind.Bytes ? ByteSize.Format(value) : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses and range-checks a value; the error names the option, the value and what is accepted.</summary>
    public bool TryParse(string text, out long value, out string? error)
    {
        bool parsed = Kind == LimitKind.Bytes
            ? ByteSize.TryParse(text, out value)
            : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
        if (!parsed || value < Min || value > Max)
        {
            string shape = Kind == LimitKind.Bytes ? "a size such as 64K or 4M" : "a whole number";
            error = $"{Option} '{Clip(text)}' must be {shape} from {FormatValue(Min)} to {FormatValue(Max)}";
            value = 0;
            return false;
        }

        error = null;
        return true;
    }

    private static string Clip(string text) => text.Length <= 32 ? text : text[..32] + "...";
}
