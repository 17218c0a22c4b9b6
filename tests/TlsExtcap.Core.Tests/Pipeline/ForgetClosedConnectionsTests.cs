using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Tests.Support;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Core.Tests.Pipeline;

/// <summary>
/// <see cref="CaptureProcessor.RetainClosedConnections"/> off (the extcap): a connection is disposed
/// and forgotten once both directions closed, counted by its final status, and the packets that
/// trail its close start nothing new — memory follows the open connections, not the capture's length.
/// </summary>
public class ForgetClosedConnectionsTests
{
    [Fact]
    public void Process_SeedTwiceRetainOff_BothForgottenAndCountedDecrypted()
    {
        var forgotten = new List<TlsConnection>();
        using var processor = new CaptureProcessor(SeedKeys()) { RetainClosedConnections = false };
        processor.ConnectionForgotten += forgotten.Add;
        var seed = SeedPackets();
        foreach (var (number, data) in seed.Concat(seed.Select(p => (p.Number + 100, p.Data))))
        {
            processor.ProcessPacket(LinkType.Ethernet, data, number);
        }

        processor.Finish();
        Assert.Empty(processor.Connections);
        Assert.Equal(2, forgotten.Count);
        Assert.NotSame(forgotten[0], forgotten[1]);
        Assert.Equal(new ConnectionTotals(2, 2, 0, forgotten.Sum(c => c.ClientToServer.EncryptedRecordsDecrypted + c.ServerToClient.EncryptedRecordsDecrypted)), processor.Forgotten);
        Assert.Equal(2, processor.TotalConnections);
    }

    [Fact]
    public void Process_RetainOn_KeepsTheClosedConnection()
    {
        using var processor = new CaptureProcessor(SeedKeys());
        foreach (var (number, data) in SeedPackets())
        {
            processor.ProcessPacket(LinkType.Ethernet, data, number);
        }

        Assert.Single(processor.Connections);
        Assert.Equal(default, processor.Forgotten);
    }

    [Fact]
    public void ProcessPacket_StrayAckAfterForgotten_StartsNoConnection()
    {
        using var processor = new CaptureProcessor(SeedKeys()) { RetainClosedConnections = false };
        var seed = SeedPackets();
        foreach (var (number, data) in seed)
        {
            processor.ProcessPacket(LinkType.Ethernet, data, number);
        }

        // The last packet of the seed is the client's final ACK; a late retransmission of the server's
        // last data segment (frame 14) follows.
        var last = seed[^1];
        var retransmission = seed.Single(p => p.Number == 14);
        Assert.Null(processor.ProcessPacket(LinkType.Ethernet, last.Data, 101));
        Assert.Null(processor.ProcessPacket(LinkType.Ethernet, retransmission.Data, 102));
        processor.Finish();
        Assert.Empty(processor.Connections);
        Assert.Equal(1, processor.TotalConnections);
    }

    private static KeyStore SeedKeys()
    {
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(File.ReadAllBytes(TestFiles.Path("seed", "keylog.txt")), "seed").Entries);
        return keys;
    }

    private static List<(long Number, byte[] Data)> SeedPackets()
    {
        var packets = new List<(long, byte[])>();
        using var reader = CaptureReader.Open(TestFiles.Path("seed", "capture.pcap"));
        while (reader.TryRead(out var record))
        {
            packets.Add((record.FrameNumber, record.Data.ToArray()));
        }

        return packets;
    }
}
