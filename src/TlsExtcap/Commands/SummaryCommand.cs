using System.CommandLine;
using TlsExtcap.Output;

namespace TlsExtcap.Commands;

/// <summary><c>tlsextcap summary &lt;capture&gt; [--keylog f]... [--rsa-key f[:pw]]... [--psk hex] [--json]</c>.</summary>
internal static class SummaryCommand
{
    public static Command Create(TextWriter stdout, Stream? stdoutStream, TextWriter stderr)
    {
        var capture = CommonOptions.Capture();
        var keyLog = CommonOptions.KeyLog();
        var rsaKey = CommonOptions.RsaKey();
        var psk = CommonOptions.Psk();
        var json = new Option<bool>("--json") { Description = "print one JSON object {\"connections\": [...]}" };
        var limits = new LimitOptions();
        var command = new Command("summary", "One entry per TLS connection: version, suite, keys, what was decrypted" + "\n\nExamples:\n  tlsextcap summary samples/seed/capture.pcap --keylog samples/seed/keylog.txt\n  tlsextcap summary capture.pcapng --rsa-key server.key --json | jq '.connections[] | {server, status}'\n  tlsextcap summary capture.pcapng.gz --keylog a.txt --keylog b.txt")
        {
            capture, keyLog, rsaKey, psk, json,
        };
        foreach (var option in limits.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var run = new CaptureRun(parse, stderr, capture, keyLog, rsaKey, psk, CliApp.LogLevel, CliApp.LogFile);
            return run.Execute(null, limits.Read(parse).ToEngineOptions(hashApplicationData: true), processor =>
            {
                var connections = processor.Connections;
                if (parse.GetValue(json))
                {
                    stdout.Flush();
                    if (stdoutStream is not null)
                    {
                        SummaryJsonWriter.Write(stdoutStream, connections, processor.Frames);
                        stdoutStream.WriteByte((byte)'\n');
                        stdoutStream.Flush();
                    }
                    else
                    {
                        using var buffer = new MemoryStream();
                        SummaryJsonWriter.Write(buffer, connections, processor.Frames);
                        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                    }
                }
                else
                {
                    SummaryTableWriter.Write(stdout, connections, processor.Frames);
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }
}
