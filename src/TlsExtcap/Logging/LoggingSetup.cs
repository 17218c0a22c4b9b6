using Serilog;
using Serilog.Events;

namespace TlsExtcap.Logging;

/// <summary>
/// Configures Serilog once per process. Logs go to stderr (or a file): stdout is reserved for the
/// command's output (and, in extcap mode, for extcap sentences only).
/// </summary>
internal static class LoggingSetup
{
    public static ILogger Create(string? level, string? file)
    {
        var minimum = ParseLevel(level);
        var configuration = new LoggerConfiguration().MinimumLevel.Is(minimum);
        configuration = file is null
            ? configuration.WriteTo.Console(outputTemplate: "tlsextcap: {Level:w}: {Message:lj}{NewLine}", standardErrorFromLevel: LogEventLevel.Verbose)
            : configuration.WriteTo.File(file, outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}");
        return configuration.CreateLogger();
    }

    public static LogEventLevel ParseLevel(string? level) => level?.ToLowerInvariant() switch
    {
        "debug" or "noisy" => LogEventLevel.Debug,
        "info" or "message" or "information" => LogEventLevel.Information,
        "error" or "critical" => LogEventLevel.Error,
        "verbose" => LogEventLevel.Verbose,
        _ => LogEventLevel.Warning,
    };
}
