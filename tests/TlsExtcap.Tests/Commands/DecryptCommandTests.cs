using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Commands;

public class DecryptCommandTests
{
    [Fact]
    public void Decrypt_ExportStreams_WritesClientDataFileWithSafeName()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tlsextcap-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, stderr) = Cli.Run("decrypt", Cli.Data("seed", "capture.pcap"), "--keylog", Cli.Data("seed", "keylog.txt"), "--export-streams", dir);

            Assert.True(code == 0, stderr);
            Assert.Contains("1 TLS connection(s), 1 fully decrypted", stdout);
            string file = Assert.Single(Directory.GetFiles(dir));
            Assert.Equal("0001_127.0.0.1_50400-127.0.0.1_8443.c2s.bin", Path.GetFileName(file));
            Assert.Equal(Convert.FromHexString("deadbeef"), File.ReadAllBytes(file));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
