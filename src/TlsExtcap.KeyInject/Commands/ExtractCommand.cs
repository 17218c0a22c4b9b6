using System.CommandLine;
using System.Text;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;

namespace TlsExtcap.KeyInject.Commands;

/// <summary><c>tlsinject extract &lt;capture.pcapng&gt; [-o &lt;keylog.txt&gt;]</c>: the TLS secrets of the capture's DSBs as a key log.</summary>
internal static class ExtractCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var capture = new Argument<string>("capture") { Description = "pcapng file with Decryption Secrets Blocks" };
        var output = new Option<string?>("--output", "-o") { Description = "write the key log to this file (default: stdout)" };
        var command = new Command("extract", "Write the TLS secrets of a capture's Decryption Secrets Blocks as an NSS key log" + "\n\nExamples:\n  tlsinject extract capture-with-keys.pcapng\n  tlsinject extract capture-with-keys.pcapng -o keys.txt")
        {
            capture, output,
        };
        command.SetAction(parse => CommandGuard.Run(parse, stderr, log =>
        {
            string capturePath = parse.GetValue(capture)!;
            CommandGuard.RequireFile(capturePath);
            var lines = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int blocks = 0;
            using (var reader = CaptureReader.Open(capturePath))
            {
                while (reader.TryRead(out var record))
                {
                    if (record.Kind != CaptureRecordKind.DecryptionSecrets)
                    {
                        continue;
                    }

                    if (record.SecretsType != CaptureProcessor.TlsKeyLogSecretsType)
                    {
                        log.Information("Skipping a Decryption Secrets Block of type {SecretsType:x8}", record.SecretsType);
                        continue;
                    }

                    blocks++;
                    var parsed = KeyLogParser.Parse(record.Data.Span, $"Decryption Secrets Block {blocks}");
                    foreach (var error in parsed.Errors)
                    {
                        log.Warning("Decryption Secrets Block {Block} line {Line}: {Reason}, line skipped", blocks, error.LineNumber, error.Reason);
                    }

                    foreach (var entry in parsed.Entries)
                    {
                        string line = entry.Format();
                        if (seen.Add(line))
                        {
                            lines.Add(line);
                        }
                    }
                }
            }

            if (blocks == 0)
            {
                stderr.WriteLine($"tlsinject: {capturePath}: no TLS Decryption Secrets Block");
            }

            string? outputPath = parse.GetValue(output);
            if (outputPath is null)
            {
                foreach (string line in lines)
                {
                    stdout.Write(line + "\n");
                }
            }
            else
            {
                OutputFile.Write(outputPath, stream =>
                {
                    foreach (string line in lines)
                    {
                        stream.Write(Encoding.ASCII.GetBytes(line + "\n"));
                    }
                });
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
