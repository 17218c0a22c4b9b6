using System.CommandLine;
using TlsExtcap.Output;

namespace TlsExtcap.Commands;

/// <summary><c>tlsextcap summary &lt;capture&gt; [--keylog f]... [--rsa-key f[:pw]]... [--psk hex] [--json]</c>.</summary>
internal static class SummaryCommand
{
    /// <summary>
    /// One processor up to two cores: SHA-256 of the decrypted data already runs on the second (measured on the
    /// 2-core bench machine, two workers were no faster); above that, a worker per core but one, for the reading thread.
    /// </summary>
    internal static int DefaultThreads => Environment.ProcessorCount <= 2 ? 1 : Math.Min(Environment.ProcessorCount - 1, 8);

    public static Command Create(TextWriter stdout, Stream? stdoutStream, TextWriter stderr)
    {
        var capture = CommonOptions.Capture();
        var keyLog = CommonOptions.KeyLog();
        var rsaKey = CommonOptions.RsaKey();
        var psk = CommonOptions.Psk();
        var json = new Option<bool>("--json") { Description = "print one JSON object {\"connections\": [...]}" };
        var threads = new Option<int>("--threads")
        {
            Description = "worker threads: connections are spread over them by address and port pair; same report (default: one per core but one, at most 8; 1 up to two cores, where hashing the data already takes the second)",
            DefaultValueFactory = _ => DefaultThreads,
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 64)
            {
                result.AddError("--threads must be between 1 and 64");
            }
        });
        var limits = new LimitOptions();
        var command = new Command("summary", "One entry per TLS connection: version, suite, keys, what was decrypted" + "\n\nExamples:\n  tlsextcap summary samples/seed/capture.pcap --keylog samples/seed/keylog.txt\n  tlsextcap summary capture.pcapng --rsa-key server.key --json | jq '.connections[] | {server, status}'\n  tlsextcap summary capture.pcapng.gz --keylog a.txt --keylog b.txt")
        {
            capture, keyLog, rsaKey, psk, json, threads,
        };
        foreach (var option in limits.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var run = new CaptureRun(parse, stderr, capture, keyLog, rsaKey, psk, CliApp.LogLevel, CliApp.LogFile);
            // SHA-256 of the decrypted data is computed only for --json, which prints it (the table does not):
            // as fast as one core hashes, it bounds a single large connection's throughput.
            return run.ExecuteReport(parse.GetValue(threads), limits.Read(parse).ToEngineOptions(hashApplicationData: parse.GetValue(json)), (connections, frames) =>
            {
                if (parse.GetValue(json))
                {
                    stdout.Flush();
                    if (stdoutStream is not null)
                    {
                        SummaryJsonWriter.Write(stdoutStream, connections, frames);
                        stdoutStream.WriteByte((byte)'\n');
                        stdoutStream.Flush();
                    }
                    else
                    {
                        using var buffer = new MemoryStream();
                        SummaryJsonWriter.Write(buffer, connections, frames);
                        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                    }
                }
                else
                {
                    SummaryTableWriter.Write(stdout, connections, frames);
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }
}
