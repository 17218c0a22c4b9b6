using System.CommandLine;
using TlsExtcap.Limits;

namespace TlsExtcap.Commands;

/// <summary>
/// The per-connection limits as command-line options (<see cref="CaptureLimits.Definitions"/>; the
/// held-back budgets exist only in the extcap, which is the only place frames are held). A value
/// outside its range is a usage error (exit code 1) naming the option.
/// </summary>
internal sealed class LimitOptions
{
    private readonly Dictionary<string, Option<string?>> _options = [];

    public LimitOptions()
    {
        foreach (var definition in CaptureLimits.Definitions.Where(d => !d.ExtcapOnly))
        {
            var option = new Option<string?>(definition.Option)
            {
                Description = $"{definition.Tooltip} (default {definition.FormatValue(definition.Default)})",
                HelpName = definition.Kind == LimitKind.Bytes ? "size" : "count",
            };
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string?>() is { } text && !definition.TryParse(text, out _, out string? error))
                {
                    result.AddError(error!);
                }
            });
            _options[definition.Option] = option;
        }
    }

    public IEnumerable<Option<string?>> All => _options.Values;

    /// <summary>The limits given on the command line (defaults for the others); the validators already checked them.</summary>
    public CaptureLimits Read(ParseResult parse)
    {
        CaptureLimits.TryRead(name => _options.TryGetValue(name, out var option) ? parse.GetValue(option) : null, out var limits, out _);
        return limits;
    }
}
