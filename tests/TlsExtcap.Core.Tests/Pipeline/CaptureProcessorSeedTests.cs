using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Tests.Support;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tests.Pipeline;

public class CaptureProcessorSeedTests
{
    private static readonly string Capture = TestFiles.Path("seed", "capture.pcap");
    private static readonly string[] KeyLogLines = File.ReadAllLines(TestFiles.Path("seed", "keylog.txt"));

    [Fact]
    public void Process_SeedWithKeyLog_DecryptsDeadBeefFromClient()
    {
        var sink = new RecordingSink();
        var connection = Run(KeyLogLines, sink);

        Assert.Equal("127.0.0.1:50400", connection.Client.ToString());
        Assert.Equal("127.0.0.1:8443", connection.Server.ToString());
        Assert.Equal("TLS 1.3", connection.VersionName);
        Assert.Equal("TLS_AES_256_GCM_SHA384", connection.CipherSuiteName);
        Assert.Equal(ConnectionStatus.Decrypted, connection.Status);
        Assert.Equal(Convert.FromHexString("deadbeef"), sink.AppData(Direction.ClientToServer));
        Assert.Empty(sink.AppData(Direction.ServerToClient));
        Assert.Equal(connection.ClientToServer.EncryptedRecords, connection.ClientToServer.EncryptedRecordsDecrypted);
        Assert.Equal(connection.ServerToClient.EncryptedRecords, connection.ServerToClient.EncryptedRecordsDecrypted);
        Assert.True(connection.ServerToClient.EncryptedRecords >= 4);
        // Handshake messages under the handshake keys were decrypted and followed.
        Assert.Contains(HandshakeType.Certificate, sink.HandshakeTypes);
        Assert.Contains(HandshakeType.Finished, sink.HandshakeTypes);
        Assert.Contains(HandshakeType.NewSessionTicket, sink.HandshakeTypes);
    }

    [Fact]
    public void Process_OnlyApplicationSecrets_StillDecryptsApplicationData()
    {
        var sink = new RecordingSink();
        var connection = Run(KeyLogLines.Where(l => l.StartsWith("CLIENT_TRAFFIC_SECRET_0") || l.StartsWith("SERVER_TRAFFIC_SECRET_0")), sink);

        Assert.Equal(Convert.FromHexString("deadbeef"), sink.AppData(Direction.ClientToServer));
        Assert.Equal(ConnectionStatus.Partial, connection.Status);
        Assert.All(connection.ServerToClient.Failures, f => Assert.Equal(DecryptFailureReason.NoKeys, f.Reason));
    }

    [Fact]
    public void Process_NoKeys_ReportsNoKeysAndCountsRecords()
    {
        var connection = Run([], new RecordingSink());

        Assert.Equal(ConnectionStatus.NoKeys, connection.Status);
        Assert.Equal(0, connection.ClientToServer.EncryptedRecordsDecrypted);
        Assert.True(connection.ClientToServer.EncryptedRecords > 0);
        Assert.Equal(connection.ClientToServer.EncryptedRecords, connection.ClientToServer.FailureCount);
    }

    [Fact]
    public void Process_WrongSecrets_ReportsBadRecordMac()
    {
        // Same labels and client random, secrets with one bit flipped.
        var wrong = KeyLogLines.Select(line =>
        {
            var parts = line.Split(' ');
            char last = parts[2][^1];
            parts[2] = parts[2][..^1] + (last == '0' ? '1' : '0');
            return string.Join(' ', parts);
        });
        var connection = Run(wrong, new RecordingSink());

        Assert.Equal(ConnectionStatus.Failed, connection.Status);
        Assert.Contains(connection.ServerToClient.Failures, f => f.Reason == DecryptFailureReason.BadRecordMac);
    }

    [Fact]
    public void Process_SecretsTooShortForTheSuite_NoKeysInsteadOfAThrow()
    {
        // Found by the dsb fuzz target: 32-byte secrets for TLS_AES_256_GCM_SHA384 (needs 48) threw
        // from HKDF-Expand and stopped the whole capture.
        var shortened = KeyLogLines.Select(line =>
        {
            var parts = line.Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2][..64]}";
        });
        var connection = Run(shortened, new RecordingSink());

        Assert.Equal(ConnectionStatus.NoKeys, connection.Status);
        Assert.Equal(0, connection.ClientToServer.EncryptedRecordsDecrypted);
    }

    private static TlsConnection Run(IEnumerable<string> keyLog, RecordingSink sink)
    {
        var keys = new KeyStore();
        var parsed = KeyLogParser.Parse(System.Text.Encoding.ASCII.GetBytes(string.Join('\n', keyLog)), "test");
        Assert.Empty(parsed.Errors);
        keys.AddRange(parsed.Entries);
        using var processor = new CaptureProcessor(keys, sink);
        using (var reader = CaptureReader.Open(Capture))
        {
            processor.Process(reader);
        }

        processor.Finish();
        Assert.Equal(20, processor.Frames);
        return Assert.Single(processor.Connections);
    }
}
