using System.Diagnostics;
using TlsExtcap.Extcap;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Commands;

/// <summary>
/// Secrets are radioactive: every command and option (limits, --keylog-out, every output mode, the
/// extcap's late-key, hold-back-budget and output-error paths) runs at the most verbose log level, and
/// neither the logs nor stderr may contain any key-log secret or decrypted payload.
/// </summary>
public class SecretsInLogsTests
{
    private static readonly string Capture = Cli.Data("seed", "capture.pcap");
    private static readonly string KeyLog = Cli.Data("seed", "keylog.txt");

    [Fact]
    public void AllCommands_DebugLogs_NoSecretOrPlaintext()
    {
        string dir = Directory.CreateTempSubdirectory("tlsextcap-secrets-").FullName;
        try
        {
            var outputs = new List<string>();
            string lateDsb = Extcap.LateKeysTests.WriteSeedWithTrailingSecrets(Path.Combine(dir, "late-dsb.pcapng"));
            foreach (string[] args in new[]
            {
                new[] { "summary", Capture, "--keylog", KeyLog, "--json" },
                ["summary", Capture, "--keylog", KeyLog, "--max-handshake-bytes", "4K", "--max-reassembly-bytes", "64K", "--max-trial-records", "0"],
                ["decrypt", Capture, "--keylog", KeyLog, "--export-streams", Path.Combine(dir, "streams")],
                ["decrypt", Capture, "--keylog", KeyLog, "-o", Path.Combine(dir, "out.pcapng"), "--mode", "keys"],
                ["decrypt", Capture, "--keylog", KeyLog, "-o", Path.Combine(dir, "plain.pcapng"), "--mode", "plaintext"],
                ["decrypt", Capture, "--keylog", KeyLog, "-o", Path.Combine(dir, "pdu.pcapng"), "--mode", "pdu"],
                // Late keys: the secrets reach the stream after the frames and go to --keylog-out.
                ["decrypt", lateDsb, "-o", Path.Combine(dir, "late.pcapng"), "--keylog-out", Path.Combine(dir, "late-keys.txt")],
                // Output errors carry the output's name and counts only.
                ["decrypt", lateDsb, "-o", "/dev/full", "--keylog-out", "/dev/full"],
            })
            {
                string log = Path.Combine(dir, $"log-{outputs.Count}.txt");
                var (code, _, stderr) = Cli.Run([.. args, "--log-level", "debug", "--log-file", log]);
                Assert.Equal(args.Contains("/dev/full") ? 3 : 0, code);
                outputs.Add(stderr);
                outputs.Add(File.Exists(log) ? File.ReadAllText(log) : string.Empty);
            }

            // The extcap capture path, through a real FIFO: keys known, keys late (to --keylog-out),
            // held back over a budget, over a core limit, in each output mode.
            foreach (string[] args in new[]
            {
                new[] { "--file", Capture, "--keylog", KeyLog },
                ["--file", lateDsb, "--key-wait", "0", "--keylog-out", Path.Combine(dir, "extcap-late.txt")],
                ["--file", Capture, "--key-wait", "30", "--max-held-bytes", "1K"],
                ["--file", Capture, "--keylog", KeyLog, "--max-handshake-bytes", "4K", "--max-reassembly-bytes", "64K", "--mode", "plaintext"],
                ["--file", Capture, "--keylog", KeyLog, "--mode", "pdu"],
            })
            {
                using var fifo = new Fifo();
                string extcapLog = Path.Combine(dir, $"extcap-{outputs.Count}.txt");
                var stderrExtcap = new StringWriter();
                int extcapCode = ExtcapRunner.Run(["--capture", "--extcap-interface", "tls-replay", "--fifo", fifo.Path, .. args,
                    "--log-level", "debug", "--log-file", extcapLog], new StringWriter(), stderrExtcap);
                Assert.Equal(0, extcapCode);
                fifo.Received(TimeSpan.FromSeconds(30));
                outputs.Add(stderrExtcap.ToString());
                outputs.Add(File.ReadAllText(extcapLog));
            }

            Assert.Contains(outputs, o => o.Contains("Capture ended", StringComparison.Ordinal));
            Assert.Contains(outputs, o => o.Contains("Appended 5 late key-log lines", StringComparison.Ordinal));
            Assert.Contains(outputs, o => o.Contains("without its keys: --max-held-bytes reached", StringComparison.Ordinal));
            Assert.Equal(5, File.ReadAllLines(Path.Combine(dir, "extcap-late.txt")).Length);

            var secrets = File.ReadAllLines(KeyLog).Where(l => l.Length > 0).Select(l => l.Split(' ')[2]).ToList();
            foreach (string text in outputs)
            {
                foreach (string secret in secrets)
                {
                    Assert.DoesNotContain(secret[..32], text, StringComparison.OrdinalIgnoreCase);
                }

                Assert.DoesNotContain("deadbeef", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("de ad be ef", text, StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void DecryptOutputs_EveryFileWithSecretsOrPlaintext_CreatedOwnerOnly()
    {
        string dir = Directory.CreateTempSubdirectory("tlsextcap-modes-").FullName;
        try
        {
            string lateDsb = Extcap.LateKeysTests.WriteSeedWithTrailingSecrets(Path.Combine(dir, "late-dsb.pcapng"));
            foreach (string mode in new[] { "plaintext", "pdu" })
            {
                Assert.Equal(0, Cli.Run("decrypt", Capture, "--keylog", KeyLog, "-o", Path.Combine(dir, $"{mode}.pcapng"), "--mode", mode).Code);
            }

            Assert.Equal(0, Cli.Run("decrypt", Capture, "--keylog", KeyLog, "--export-streams", Path.Combine(dir, "streams")).Code);
            Assert.Equal(0, Cli.Run("decrypt", lateDsb, "-o", Path.Combine(dir, "late.pcapng"), "--keylog-out", Path.Combine(dir, "late.txt")).Code);

            var written = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => f != lateDsb).ToList();
            // plaintext.pcapng, pdu.pcapng, the one stream file (only the client sent data), late.pcapng, late.txt.
            Assert.Equal(5, written.Count);
            Assert.All(written, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void DecryptOutput_KeysMode_CreatedOwnerOnly()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tlsextcap-mode-{Guid.NewGuid():N}.pcapng");
        try
        {
            var (code, _, _) = Cli.Run("decrypt", Capture, "--keylog", KeyLog, "-o", path);
            Assert.Equal(0, code);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
