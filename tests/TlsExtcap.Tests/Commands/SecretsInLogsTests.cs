using System.Diagnostics;
using TlsExtcap.Extcap;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Commands;

/// <summary>
/// Secrets are radioactive: every command runs at the most verbose log level, and neither the logs nor
/// stderr may contain any key-log secret, client-random-keyed secret or decrypted payload.
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
            foreach (string[] args in new[]
            {
                new[] { "summary", Capture, "--keylog", KeyLog, "--json" },
                ["decrypt", Capture, "--keylog", KeyLog, "--export-streams", Path.Combine(dir, "streams")],
                ["decrypt", Capture, "--keylog", KeyLog, "-o", Path.Combine(dir, "out.pcapng"), "--mode", "keys"],
            })
            {
                string log = Path.Combine(dir, $"log-{outputs.Count}.txt");
                var (code, _, stderr) = Cli.Run([.. args, "--log-level", "debug", "--log-file", log]);
                Assert.Equal(0, code);
                outputs.Add(stderr);
                outputs.Add(File.Exists(log) ? File.ReadAllText(log) : string.Empty);
            }

            // The extcap capture path, through a real FIFO.
            string fifo = Path.Combine(dir, "fifo");
            using (var mkfifo = Process.Start("mkfifo", fifo))
            {
                mkfifo.WaitForExit();
            }

            var drain = Task.Run(() =>
            {
                using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Read);
                stream.CopyTo(Stream.Null);
            });
            string extcapLog = Path.Combine(dir, "extcap.txt");
            var stderrExtcap = new StringWriter();
            int extcapCode = ExtcapRunner.Run(["--capture", "--extcap-interface", "tls-replay", "--fifo", fifo, "--file", Capture, "--keylog", KeyLog,
                "--log-level", "debug", "--log-file", extcapLog], new StringWriter(), stderrExtcap);
            Assert.Equal(0, extcapCode);
            drain.Wait(TimeSpan.FromSeconds(10));
            outputs.Add(stderrExtcap.ToString());
            outputs.Add(File.ReadAllText(extcapLog));
            Assert.Contains(outputs, o => o.Contains("Capture ended", StringComparison.Ordinal));

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
