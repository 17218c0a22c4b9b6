using System.Text.Json;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Tests.Support;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Core.Tests.Generated;

/// <summary>
/// Real loopback captures made by <c>scripts/make-testdata</c> with OpenSSL, GnuTLS and curl: each is
/// decrypted with its key log (or RSA key) and must yield exactly the bytes each side sent.
/// </summary>
public class GeneratedCaptureTests
{
    private const string Tls13 = "TLS 1.3";
    private const string Tls12 = "TLS 1.2";

    /// <summary>Case, key file, version, cipher suite (of the last handshake), connections.</summary>
    /// <remarks>Known-failing cases are left out here and listed with their reason.</remarks>
    public static TheoryData<string, string, string, string, int> Cases => new()
    {
        { "tls13-aes128gcm", "tls13-aes128gcm.keylog", Tls13, "TLS_AES_128_GCM_SHA256", 1 },
        { "tls13-aes256gcm", "tls13-aes256gcm.keylog", Tls13, "TLS_AES_256_GCM_SHA384", 1 },
        { "tls13-chacha20", "tls13-chacha20.keylog", Tls13, "TLS_CHACHA20_POLY1305_SHA256", 1 },
        { "tls13-aes128ccm", "tls13-aes128ccm.keylog", Tls13, "TLS_AES_128_CCM_SHA256", 1 },
        { "tls13-aes128ccm8", "tls13-aes128ccm8.keylog", Tls13, "TLS_AES_128_CCM_8_SHA256", 1 },
        { "tls13-hrr", "tls13-hrr.keylog", Tls13, "TLS_AES_256_GCM_SHA384", 1 },
        { "tls13-keyupdate", "tls13-keyupdate.keylog", Tls13, "TLS_AES_256_GCM_SHA384", 1 },
        { "tls13-resumption", "tls13-resumption.keylog", Tls13, "TLS_AES_256_GCM_SHA384", 2 },
        { "tls13-early-data", "tls13-early-data.keylog", Tls13, "TLS_AES_256_GCM_SHA384", 2 },
        { "tls12-ecdhe-aes128gcm", "tls12-ecdhe-aes128gcm.keylog", Tls12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 1 },
        { "tls12-ecdhe-chacha20", "tls12-ecdhe-chacha20.keylog", Tls12, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 1 },
        { "tls12-cbc-sha256-etm", "tls12-cbc-sha256-etm.keylog", Tls12, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", 1 },
        { "tls12-cbc-sha-no-etm", "tls12-cbc-sha-no-etm.keylog", Tls12, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 1 },
        { "tls12-rsa-kx", "tls12-rsa-kx.server.key", Tls12, "TLS_RSA_WITH_AES_256_CBC_SHA", 1 },
        { "tls12-resumption-ticket", "tls12-resumption-ticket.keylog", Tls12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 2 },
        { "tls12-resumption-ticket", "tls12-resumption-ticket.first-only.keylog", Tls12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 2 },
        { "tls12-resumption-sessionid", "tls12-resumption-sessionid.keylog", Tls12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 2 },
        { "tls12-resumption-sessionid", "tls12-resumption-sessionid.first-only.keylog", Tls12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 2 },
        { "tls12-aes128ccm", "tls12-aes128ccm.keylog", Tls12, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", 1 },
        { "tls12-renegotiation", "tls12-renegotiation.keylog", Tls12, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 1 },
        { "tls10-cbc", "tls10-cbc.keylog", "TLS 1.0", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 1 },
        { "dtls12", "dtls12.keylog", "DTLS 1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 1 },
        { "gnutls-tls13", "gnutls-tls13.keylog", Tls13, "TLS_AES_256_GCM_SHA384", 1 },
        { "curl-http", "curl-http.keylog", Tls13, "TLS_AES_256_GCM_SHA384", 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Process_GeneratedCapture_DecryptsExactPayload(string name, string keyFile, string version, string suite, int connectionCount)
    {
        var run = Run(name, keyFile);

        Assert.Equal(connectionCount, run.Connections.Count);
        foreach (var connection in run.Connections)
        {
            Assert.Equal(version, connection.VersionName);
            Assert.Equal(suite, connection.CipherSuiteName);
            Assert.True(connection.ClientToServer.EncryptedRecords > 0, $"{connection}: no encrypted client records");
            Assert.Equal(connection.ClientToServer.EncryptedRecords, connection.ClientToServer.EncryptedRecordsDecrypted);
            Assert.Equal(connection.ServerToClient.EncryptedRecords, connection.ServerToClient.EncryptedRecordsDecrypted);
            Assert.Equal(ConnectionStatus.Decrypted, connection.Status);
        }

        var expected = Expected(name);
        Assert.Equal(Convert.ToHexStringLower(expected.ClientToServer), Convert.ToHexStringLower(run.AppData(Direction.ClientToServer)));
        Assert.Equal(Convert.ToHexStringLower(expected.ServerToClient), Convert.ToHexStringLower(run.AppData(Direction.ServerToClient)));
    }

    [Fact]
    public void Process_HelloRetryRequest_FlagsTheConnection()
    {
        var connection = Assert.Single(Run("tls13-hrr", "tls13-hrr.keylog").Connections);

        Assert.True(connection.HelloRetryRequest);
        Assert.False(connection.Resumed);
    }

    [Fact]
    public void Process_Tls13Resumption_SecondConnectionResumed()
    {
        var connections = Run("tls13-resumption", "tls13-resumption.keylog").Connections;

        Assert.Equal([false, true], connections.Select(c => c.Resumed));
        Assert.All(connections, c => Assert.False(c.HelloRetryRequest));
    }

    [Fact]
    public void Process_EarlyData_AcceptedOnTheResumedConnection()
    {
        var connections = Run("tls13-early-data", "tls13-early-data.keylog").Connections;

        Assert.Equal([EarlyDataStatus.None, EarlyDataStatus.Accepted], connections.Select(c => c.EarlyData));
        Assert.Equal([false, true], connections.Select(c => c.Resumed));
    }

    [Theory]
    [InlineData("tls12-resumption-ticket", "tls12-resumption-ticket.keylog")]
    [InlineData("tls12-resumption-ticket", "tls12-resumption-ticket.first-only.keylog")]
    [InlineData("tls12-resumption-sessionid", "tls12-resumption-sessionid.keylog")]
    [InlineData("tls12-resumption-sessionid", "tls12-resumption-sessionid.first-only.keylog")]
    public void Process_Tls12Resumption_SecondConnectionResumed(string name, string keyFile)
    {
        var connections = Run(name, keyFile).Connections;

        Assert.Equal([false, true], connections.Select(c => c.Resumed));
    }

    [Fact]
    public void Process_FirstOnlyKeyLog_HoldsOneClientRandom()
    {
        // The variant key log must really lack the resumed connection's line, or the test above proves nothing.
        foreach (string name in new[] { "tls12-resumption-ticket", "tls12-resumption-sessionid" })
        {
            var parsed = KeyLogParser.ParseFile(TestFiles.Path("generated", $"{name}.first-only.keylog"));
            var entry = Assert.Single(parsed.Entries);
            Assert.Equal(KeyLogLabel.ClientRandom, entry.Label);
        }
    }

    [Fact]
    public void Process_KeyUpdateKeyLog_HoldsOnlyGenerationZero()
    {
        var parsed = KeyLogParser.ParseFile(TestFiles.Path("generated", "tls13-keyupdate.keylog"));

        Assert.Empty(parsed.Errors);
        Assert.All(parsed.Entries, e => Assert.Equal(0, e.Generation));
        Assert.Contains(parsed.Entries, e => e.Label == KeyLogLabel.ClientTrafficSecret);
    }

    [Fact]
    public void Process_Renegotiation_TwoHandshakesOnOneConnection()
    {
        var connection = Assert.Single(Run("tls12-renegotiation", "tls12-renegotiation.keylog").Connections);

        Assert.Equal(2, connection.Handshakes.Count);
    }

    /// <summary>
    /// Drops the TCP segment carrying the client's third application data record: the fourth still
    /// decrypts (bounded trial decryption of the next sequence numbers), the third is missing.
    /// </summary>
    [Fact]
    public void Process_SegmentWithAppDataDropped_LaterRecordsStillDecrypt()
    {
        const string name = "tls13-aes128gcm";
        string path = TestFiles.Path("generated", $"{name}.pcapng");
        var full = Run(name, $"{name}.keylog");
        var clientRecords = full.Sink.Events.Where(e => e.Direction == Direction.ClientToServer).ToList();
        Assert.True(clientRecords.Count >= 4, "the capture needs four client records");
        Assert.Equal(clientRecords.Count, clientRecords.Select(e => e.Frame).Distinct().Count());
        long dropped = clientRecords[2].Frame;
        AssertCarriesOneTlsRecord(path, dropped, full.Connections[0]);

        using var gapped = new MemoryStream();
        WriteWithout(path, dropped, gapped);
        gapped.Position = 0;
        var run = Run(CaptureReader.Open(gapped, $"{name} without frame {dropped}"), $"{name}.keylog");

        var connection = Assert.Single(run.Connections);
        byte[] expected = [.. clientRecords[0].Plaintext, .. clientRecords[1].Plaintext, .. clientRecords.Skip(3).SelectMany(e => e.Plaintext)];
        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(run.AppData(Direction.ClientToServer)));
        Assert.Equal(Convert.ToHexStringLower(Expected(name).ServerToClient), Convert.ToHexStringLower(run.AppData(Direction.ServerToClient)));
        Assert.DoesNotContain(run.Sink.Events, e => e.Direction == Direction.ClientToServer && e.Plaintext.SequenceEqual(clientRecords[2].Plaintext));
        Assert.Equal(connection.ClientToServer.EncryptedRecords, connection.ClientToServer.EncryptedRecordsDecrypted);
        Assert.Equal(full.Connections[0].ClientToServer.EncryptedRecords - 1, connection.ClientToServer.EncryptedRecords);
    }

    private static void AssertCarriesOneTlsRecord(string path, long frameNumber, TlsConnection connection)
    {
        using var reader = CaptureReader.Open(path);
        while (reader.TryRead(out var record))
        {
            if (record.Kind != CaptureRecordKind.Packet || record.FrameNumber != frameNumber)
            {
                continue;
            }

            Assert.True(PacketDecoder.TryDecode(record.LinkType, record.Data.Span, out var packet));
            Assert.Equal(TransportProtocol.Tcp, packet.Protocol);
            Assert.Equal(connection.Client, packet.Source);
            // RFC 8446 §5.2: opaque_type 23 (application_data), legacy version 0x0303, u16 length.
            Assert.Equal(0x17, packet.Payload[0]);
            Assert.Equal(packet.Payload.Length - 5, (packet.Payload[3] << 8) | packet.Payload[4]);
            return;
        }

        Assert.Fail($"frame {frameNumber} not found");
    }

    private static void WriteWithout(string path, long frameNumber, Stream output)
    {
        using var reader = CaptureReader.Open(path);
        using var writer = new PcapngWriter(output, leaveOpen: true);
        var interfaces = new Dictionary<int, int>();
        while (reader.TryRead(out var record))
        {
            if (record.Kind != CaptureRecordKind.Packet || record.FrameNumber == frameNumber)
            {
                continue;
            }

            if (!interfaces.TryGetValue(record.InterfaceId, out int id))
            {
                interfaces[record.InterfaceId] = id = writer.AddInterface(record.LinkType);
            }

            writer.WritePacket(id, record.TimestampNanoseconds, record.Data.Span, record.OriginalLength);
        }

        writer.Flush();
    }

    private static (byte[] ClientToServer, byte[] ServerToClient) Expected(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(TestFiles.Path("generated", $"{name}.expected.json")));
        return (Convert.FromHexString(json.RootElement.GetProperty("client_to_server").GetString()!),
            Convert.FromHexString(json.RootElement.GetProperty("server_to_client").GetString()!));
    }

    private static Result Run(string name, string keyFile)
    {
        using var reader = CaptureReader.Open(TestFiles.Path("generated", $"{name}.pcapng"));
        return Run(reader, keyFile);
    }

    private static Result Run(CaptureReader reader, string keyFile)
    {
        var keys = new KeyStore();
        string keyPath = TestFiles.Path("generated", keyFile);
        if (keyFile.EndsWith(".key", StringComparison.Ordinal))
        {
            keys.AddRsaPrivateKey(RsaPrivateKeyLoader.Load(keyPath));
        }
        else
        {
            var parsed = KeyLogParser.ParseFile(keyPath);
            Assert.Empty(parsed.Errors);
            keys.AddRange(parsed.Entries);
        }

        var sink = new AppDataSink();
        using var processor = new CaptureProcessor(keys, sink);
        using (reader)
        {
            processor.Process(reader);
        }

        processor.Finish();
        return new Result(processor.Connections, sink);
    }

    private sealed record Result(IReadOnlyList<TlsConnection> Connections, AppDataSink Sink)
    {
        /// <summary>Application data of one direction over all connections, in connection order.</summary>
        public byte[] AppData(Direction direction) =>
            [.. Connections.SelectMany(c => Sink.Events.Where(e => e.Connection == c.Id && e.Direction == direction).SelectMany(e => e.Plaintext))];
    }
}
