using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Tests.Support;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Core.Tests.Pipeline;

/// <summary>
/// Per-connection limits (<see cref="TlsEngineOptions"/>): a connection over one is released
/// undecrypted — flagged, its buffers freed, its later packets still attributed to it but not parsed —
/// and the capture goes on, including a new connection on the same four-tuple.
/// </summary>
public class ConnectionLimitTests
{
    private static readonly string[] KeyLogLines = File.ReadAllLines(TestFiles.Path("seed", "keylog.txt"));

    [Theory]
    [InlineData("tls over tcp", "seed/capture.pcap", "seed/keylog.txt")]
    [InlineData("dtls over udp", "generated/dtls12.pcapng", "generated/dtls12.keylog")]
    public void Process_HandshakeMessageOverCap_ReleasedUndecryptedAndLaterPacketsStillItsOwn(string label, string capture, string keyLog)
    {
        Assert.NotNull(label);
        var packets = Read(capture);
        using var processor = new CaptureProcessor(Keys(File.ReadAllLines(TestFiles.Path(keyLog.Split('/')))), options: new TlsEngineOptions { MaxHandshakeMessageLength = 100 });
        TlsConnection? first = null;
        var owners = new List<TlsConnection?>();
        foreach (var (number, data) in packets)
        {
            var connection = processor.ProcessPacket(LinkTypeOf(capture), data, number);
            first ??= connection;
            if (first is { LimitExceeded: not null })
            {
                owners.Add(connection);
            }
        }

        processor.Finish();
        Assert.Equal(packets.Count, processor.Frames);
        var only = Assert.Single(processor.Connections);
        Assert.Equal(ConnectionLimit.HandshakeSize, only.LimitExceeded);
        Assert.Equal(ConnectionStatus.OverLimit, only.Status);
        Assert.Equal(0, only.ClientToServer.EncryptedRecordsDecrypted + only.ServerToClient.EncryptedRecordsDecrypted);
        Assert.NotEmpty(owners);
        Assert.All(owners.Where(o => o is not null), o => Assert.Same(only, o));
    }

    [Fact]
    public void Process_HandshakeWithinCap_Decrypts()
    {
        using var processor = new CaptureProcessor(Keys(KeyLogLines), options: new TlsEngineOptions { MaxHandshakeMessageLength = 64 * 1024 });
        foreach (var (number, data) in Read("seed/capture.pcap"))
        {
            processor.ProcessPacket(LinkType.Ethernet, data, number);
        }

        processor.Finish();
        var connection = Assert.Single(processor.Connections);
        Assert.Null(connection.LimitExceeded);
        Assert.Equal(ConnectionStatus.Decrypted, connection.Status);
    }

    [Fact]
    public void Process_OutOfOrderDataOverReassemblyWindow_ReleasedUndecrypted()
    {
        // Frame 10 (the server's 4574-byte first flight) is lost; frame 14 then waits behind the hole.
        var packets = Read("seed/capture.pcap").Where(p => p.Number != 10).ToList();
        using var processor = new CaptureProcessor(Keys(KeyLogLines), options: new TlsEngineOptions { MaxReassemblyBytes = 64 });
        foreach (var (number, data) in packets)
        {
            processor.ProcessPacket(LinkType.Ethernet, data, number);
        }

        processor.Finish();
        var connection = Assert.Single(processor.Connections);
        Assert.Equal(ConnectionLimit.ReassemblyWindow, connection.LimitExceeded);
        Assert.Equal(0, connection.ServerToClient.EncryptedRecordsDecrypted);
    }

    [Fact]
    public void Process_NewConnectionOnSameTupleAfterOneOverLimit_StartsAfreshAndDecrypts()
    {
        // The seed twice on the same four-tuple: first with its server flight lost (over the window),
        // then whole. The second must not inherit the first one's verdict.
        var seed = Read("seed/capture.pcap");
        var packets = seed.Where(p => p.Number != 10).Concat(seed.Select(p => (p.Number + 100, p.Data))).ToList();
        using var processor = new CaptureProcessor(Keys(KeyLogLines), options: new TlsEngineOptions { MaxReassemblyBytes = 64 });
        foreach (var (number, data) in packets)
        {
            processor.ProcessPacket(LinkType.Ethernet, data, number);
        }

        processor.Finish();
        Assert.Equal(2, processor.Connections.Count);
        Assert.Equal(ConnectionLimit.ReassemblyWindow, processor.Connections[0].LimitExceeded);
        Assert.Null(processor.Connections[1].LimitExceeded);
        Assert.Equal(ConnectionStatus.Decrypted, processor.Connections[1].Status);
    }

    private static KeyStore Keys(IEnumerable<string> lines)
    {
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(System.Text.Encoding.ASCII.GetBytes(string.Join('\n', lines)), "test").Entries);
        return keys;
    }

    private static LinkType LinkTypeOf(string capture)
    {
        using var reader = CaptureReader.Open(TestFiles.Path(capture.Split('/')));
        return reader.TryRead(out var record) ? record.LinkType : LinkType.Null;
    }

    private static List<(long Number, byte[] Data)> Read(string capture)
    {
        var packets = new List<(long, byte[])>();
        using var reader = CaptureReader.Open(TestFiles.Path(capture.Split('/')));
        while (reader.TryRead(out var record))
        {
            if (record.Kind == CaptureRecordKind.Packet)
            {
                packets.Add((record.FrameNumber, record.Data.ToArray()));
            }
        }

        return packets;
    }
}
