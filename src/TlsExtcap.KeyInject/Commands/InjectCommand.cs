using System.CommandLine;
using TlsExtcap.KeyInject.Inject;

namespace TlsExtcap.KeyInject.Commands;

/// <summary>
/// <c>tlsinject inject &lt;capture&gt; --keylog &lt;file&gt;... [--all] -o &lt;out.pcapng&gt;</c>: embeds the key-log
/// lines of the capture's own connections as Decryption Secrets Blocks.
/// </summary>
internal static class InjectCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var capture = new Argument<string>("capture") { Description = "pcap or pcapng file (gzip-compressed files are read too)" };
        var keyLog = new Option<string[]>("--keylog", "-k")
        {
            Description = "NSS key log file (SSLKEYLOGFILE); repeat for several",
            Required = true,
        };
        var all = new Option<bool>("--all")
        {
            Description = "embed every key-log line, also those of connections not in the capture",
        };
        var output = new Option<string>("--output", "-o") { Description = "the pcapng file to write", Required = true };
        var command = new Command("inject", "Embed the secrets of the capture's connections as Decryption Secrets Blocks (pcapng)" + "\n\nExamples:\n  tlsinject inject capture.pcap --keylog keys.txt -o shareable.pcapng\n  tshark -r shareable.pcapng -Y http   # decrypts with no key preference")
        {
            capture, keyLog, all, output,
        };
        command.SetAction(parse => CommandGuard.Run(parse, stderr, log =>
        {
            string capturePath = parse.GetValue(capture)!;
            string outputPath = parse.GetValue(output)!;
            CommandGuard.RequireFile(capturePath);
            var entries = KeyLogInput.Load(parse.GetValue(keyLog) ?? [], log);
            var connections = ConnectionLocator.Locate(capturePath, log);
            var plan = InjectionPlan.Build(connections, entries, parse.GetValue(all));
            int connectionCount = plan.Connections;
            int blocks = 0;
            OutputFile.Write(outputPath, stream => blocks = SecretsInjector.Run(capturePath, plan, stream, log));

            stdout.WriteLine($"{outputPath}: {plan.LinesEmbedded} key-log lines in {blocks} Decryption Secrets Blocks "
                + $"({connectionCount} of {connections.ClientHelloFrames.Count} connections in the capture)");
            if (plan.LinesLeftOut > 0)
            {
                stdout.WriteLine($"{plan.LinesLeftOut} lines of connections not in the capture left out (--all embeds them)");
            }

            if (plan.LinesAlreadyPresent > 0)
            {
                stdout.WriteLine($"{plan.LinesAlreadyPresent} lines already in the capture's own Decryption Secrets Blocks");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
