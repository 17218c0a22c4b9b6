using System.CommandLine;

namespace TlsExtcap.KeyInject.Commands;

/// <summary>Builds the <c>tlsinject</c> command tree and runs it. Tests call <see cref="Run"/> in-process.</summary>
internal static class CliApp
{
    public static readonly Option<string?> LogLevel = new("--log-level")
    {
        Description = "error, warning (default), info or debug; logs go to stderr",
        Recursive = true,
    };

    public static readonly Option<string?> LogFile = new("--log-file")
    {
        Description = "write logs to this file instead of stderr",
        Recursive = true,
    };

    /// <param name="stdin">The key log <c>push -</c> reads; the console's when null.</param>
    /// <param name="keyChannelFolder">Where <c>push</c> and <c>run</c> look for captures; the per-user default when null.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null, string? keyChannelFolder = null)
    {
        var root = new RootCommand("tlsinject: the TlsExtcap key helper — embed, extract, derive and push TLS secrets")
        {
            InjectCommand.Create(stdout, stderr),
            ExtractCommand.Create(stdout, stderr),
            DeriveCommand.Create(stdout, stderr),
            PushCommand.Create(stdout, stderr, stdin ?? Console.In, keyChannelFolder),
            RunCommand.Create(stderr, keyChannelFolder),
        };
        root.Options.Add(LogLevel);
        root.Options.Add(LogFile);
        var parse = root.Parse(args);
        int code = parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return parse.Errors.Count > 0 ? ExitCodes.Usage : code;
    }
}
