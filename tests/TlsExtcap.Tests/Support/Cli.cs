using TlsExtcap.Commands;

namespace TlsExtcap.Tests.Support;

/// <summary>Runs the CLI in-process and captures its output.</summary>
internal static class Cli
{
    public static string Data(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var stream = new MemoryStream();
        int code = CliApp.Run(args, stdout, stderr, stream);
        string output = stdout.ToString() + System.Text.Encoding.UTF8.GetString(stream.ToArray());
        return (code, output, stderr.ToString());
    }
}
