using System.CommandLine;

namespace TlsExtcap.Commands;

/// <summary>Builds the command tree and runs it. Tests call <see cref="Run"/> in-process.</summary>
internal static class CliApp
{
    public static readonly Option<string?> LogLevel = CommonOptions.LogLevel();
    public static readonly Option<string?> LogFile = CommonOptions.LogFile();

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdoutStream = null)
    {
        stdoutStream ??= ReferenceEquals(stdout, Console.Out) ? Console.OpenStandardOutput() : null;
        var root = new RootCommand("TlsExtcap: see inside TLS — decrypt and annotate TLS in captures and in Wireshark" + "\n\nExamples:\n  tlsextcap summary samples/seed/capture.pcap --keylog samples/seed/keylog.txt\n  tlsextcap explain samples/seed/capture.pcap --keylog samples/seed/keylog.txt\n  tlsextcap install && tshark -i tls-replay -o extcap.tls_replay.file:capture.pcap -o extcap.tls_replay.keylog:keys.txt -Y http\n  tlsextcap doctor")
        {
            SummaryCommand.Create(stdout, stdoutStream, stderr),
            DecryptCommand.Create(stdout, stderr, stdoutStream),
            ExplainCommand.Create(stdout, stderr),
            DoctorCommand.Create(stdout),
            InstallCommand.CreateInstall(stdout, stderr),
            InstallCommand.CreateUninstall(stdout, stderr),
        };
        root.Options.Add(LogLevel);
        root.Options.Add(LogFile);
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        int code = parse.Invoke(configuration);
        return parse.Errors.Count > 0 ? ExitCodes.Usage : code;
    }
}
