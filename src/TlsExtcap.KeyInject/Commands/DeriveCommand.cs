using System.CommandLine;
using System.Text;
using TlsExtcap.KeyInject.Derive;

namespace TlsExtcap.KeyInject.Commands;

/// <summary>
/// <c>tlsinject derive &lt;capture&gt; --private-key &lt;hex-or-file&gt;... [-o &lt;keylog.txt&gt;]</c>: computes the
/// secrets of (EC)DHE connections from an ephemeral private key of either side.
/// </summary>
internal static class DeriveCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var capture = new Argument<string>("capture") { Description = "pcap or pcapng file" };
        var privateKey = new Option<string[]>("--private-key", "-p")
        {
            Description = "ephemeral private key of either side (X25519, X448, P-256/384/521, ffdhe2048..8192) as hex, or a file of them; repeatable",
            Required = true,
        };
        var output = new Option<string?>("--output", "-o") { Description = "write the key log to this file (default: stdout)" };
        var command = new Command("derive", "Compute the TLS secrets from an ephemeral private key; print them as an NSS key log" + "\n\nExamples:\n  tlsinject derive samples/seed/capture.pcap --private-key 186b7a9daf3855fa090bf29a69391dc1ee788393f2dba58a23cab0f6b96d6355\n  tlsinject derive capture.pcapng --private-key keys.txt -o keylog.txt")
        {
            capture, privateKey, output,
        };
        command.SetAction(parse => CommandGuard.Run(parse, stderr, log =>
        {
            string capturePath = parse.GetValue(capture)!;
            CommandGuard.RequireFile(capturePath);
            var keys = PrivateKeyInput.Load(parse.GetValue(privateKey) ?? []);
            try
            {
                var results = SecretDeriver.Derive(capturePath, keys, log);
                var lines = results.Where(r => r.Entries is not null).SelectMany(r => r.Entries!).Select(e => e.Format()).ToList();
                foreach (var failed in results.Where(r => r.Entries is null))
                {
                    stderr.WriteLine($"tlsinject: {failed.Connection}: {failed.Problem}");
                }

                if (lines.Count == 0)
                {
                    stderr.WriteLine($"tlsinject: {capturePath}: no secrets derived ({results.Count} TLS connections)");
                    return ExitCodes.InvalidInput;
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
                    OutputFile.Write(outputPath, stream => stream.Write(Encoding.ASCII.GetBytes(string.Concat(lines.Select(l => l + "\n")))));
                }

                return ExitCodes.Success;
            }
            finally
            {
                foreach (byte[] key in keys)
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
                }
            }
        }));
        return command;
    }
}
