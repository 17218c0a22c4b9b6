using System.Security.Cryptography;
using System.Text.Json;
using TlsExtcap.Load.Synthetic;
using TlsExtcap.Output;
using TlsExtcap.Tests.Extcap;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Output;

public sealed class StreamExportSinkTests
{
    /// <summary>
    /// More connections open at once than files are kept open: files are closed, queued writes and all, and
    /// reopened to append; every file still holds exactly its direction's data (the SHA-256 that summary reports).
    /// </summary>
    [Fact]
    public void ExportStreams_MoreOpenConnectionsThanOpenFiles_EveryFileWholeAndInOrder()
    {
        int connections = StreamExportSink.MaxOpenFiles + 44;
        using var capture = new SyntheticTls13Capture(new SyntheticCaptureOptions { Connections = connections, Concurrent = connections, Exchanges = 3, PayloadBytes = 1400 });
        var keyLog = new StringWriter();
        capture.WriteKeyLog(keyLog);
        string folder = Directory.CreateTempSubdirectory("tlsextcap-export-").FullName;
        try
        {
            string pcapng = Path.Combine(folder, "many.pcapng");
            string keys = Path.Combine(folder, "many.keys");
            File.WriteAllBytes(pcapng, HoldBackLimitTests.ReadAll(new SyntheticCaptureStream(capture)));
            File.WriteAllText(keys, keyLog.ToString());
            string streams = Path.Combine(folder, "streams");

            var (code, _, stderr) = Cli.Run("decrypt", pcapng, "--keylog", keys, "--export-streams", streams);
            var (_, json, _) = Cli.Run("summary", pcapng, "--keylog", keys, "--json");

            Assert.True(code == 0, stderr);
            using var report = JsonDocument.Parse(json);
            var summary = report.RootElement.GetProperty("connections").EnumerateArray().ToList();
            Assert.Equal(connections, summary.Count);
            var files = Directory.GetFiles(streams).ToDictionary(f => Path.GetFileName(f), f => f);
            Assert.Equal(2 * connections, files.Count);
            foreach (var connection in summary)
            {
                string prefix = $"{connection.GetProperty("id").GetInt32():D4}_";
                foreach (var (direction, suffix) in new[] { ("client_to_server", ".c2s.bin"), ("server_to_client", ".s2c.bin") })
                {
                    string name = files.Keys.Single(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal));
                    byte[] data = File.ReadAllBytes(files[name]);
                    var expected = connection.GetProperty(direction);
                    Assert.Equal(expected.GetProperty("app_data_bytes").GetInt64(), data.Length);
                    Assert.Equal(expected.GetProperty("app_data_sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(data)));
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
