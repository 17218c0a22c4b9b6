using Serilog;
using TlsExtcap.Core.Keys;
using TlsExtcap.KeyInject.Commands;

namespace TlsExtcap.KeyInject.Inject;

/// <summary>Reads the key logs named on the command line, in order, dropping repeated lines.</summary>
internal static class KeyLogInput
{
    public static IReadOnlyList<KeyLogEntry> Load(IEnumerable<string> paths, ILogger log)
    {
        var entries = new List<KeyLogEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            CommandGuard.RequireFile(path);
            var parsed = KeyLogParser.ParseFile(path);
            foreach (var error in parsed.Errors)
            {
                // Never the line itself: it may hold a secret.
                log.Warning("{File} line {Line}: {Reason}, line skipped", path, error.LineNumber, error.Reason);
            }

            foreach (var entry in parsed.Entries)
            {
                if (seen.Add(entry.Format()))
                {
                    entries.Add(entry);
                }
            }

            log.Information("Read {Count} key-log lines from {File}", parsed.Entries.Count, path);
        }

        return entries;
    }
}
