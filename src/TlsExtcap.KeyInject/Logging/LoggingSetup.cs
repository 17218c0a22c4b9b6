using Serilog;
using Serilog.Events;

namespace TlsExtcap.KeyInject.Logging;

/// <summary>
/// Configures Serilog for one command run. Logs go to stderr (or a file): stdout may carry a key log.
/// </summary>
internal static class LoggingSetup
{
    public static ILogger Create(string? level, string? file)
    {
        var configuration = new LoggerConfiguration().MinimumLevel.Is(ParseLevel(level));
        configuration = file is null
            ? configuration.WriteTo.Console(outputTemplate: "tlsinject: {Level:w}: {Message:lj}{NewLine}", standardErrorFromLevel: LogEventLevel.Verbose)
            : configuration.WriteTo.File(file, outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}");
        return configuration.CreateLogger();
    }

    public static LogEventLevel ParseLevel(string? level) => level?.ToLowerInvariant() switch
    {
        "debug" => LogEventLevel.Debug,
        "info" or "information" => LogEventLevel.Information,
        "error" => LogEventLevel.Error,
        "verbose" => LogEventLevel.Verbose,
        _ => LogEventLevel.Warning,
    };
}
