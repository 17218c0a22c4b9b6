using TlsExtcap.KeyInject.Commands;

namespace TlsExtcap.KeyInject.Tests.Support;

/// <summary>Runs <c>tlsinject</c> in-process and captures its output.</summary>
internal static class Cli
{
    public static string Data(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>As <see cref="Run"/>, with standard input and the folder <c>push</c> and <c>run</c> look for captures in.</summary>
    public static (int Code, string Stdout, string Stderr) RunWith(string? stdin, string keyChannelFolder, params string[] args) =>
        RunWithReader(new StringReader(stdin ?? string.Empty), keyChannelFolder, args);

    public static (int Code, string Stdout, string Stderr) RunWithReader(TextReader stdin, string keyChannelFolder, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, stdin, keyChannelFolder);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Sorted non-empty lines, for comparing key logs order aside.</summary>
    public static string[] SortedLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToArray();
}
