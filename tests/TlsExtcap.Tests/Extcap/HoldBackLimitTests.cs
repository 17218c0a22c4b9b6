using System.Text;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Extcap;
using TlsExtcap.Limits;
using TlsExtcap.Load.Synthetic;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>
/// Limits in the capture session: a connection over a held-back budget is released at once, without
/// waiting for its key wait, its frames annotated; a connection over a core limit is annotated in
/// every later frame. In every case each frame still goes out once, in per-connection order.
/// </summary>
public class HoldBackLimitTests
{
    private static readonly string Seed = Cli.Data("seed", "capture.pcap");

    [Fact]
    public void Run_HeldConnectionOverItsByteBudget_ReleasedAtOnceAndAnnotated()
    {
        var limits = new CaptureLimits { MaxHeldBytes = 1000 };
        var (session, blocks) = RunSession(CaptureReader.Open(Seed), new KeyStore(), TimeSpan.FromSeconds(60), limits);

        Assert.Equal(1, session.ReleasedOverHeldLimit);
        var packets = blocks.Where(b => b.Kind == CaptureRecordKind.Packet).ToList();
        Assert.Equal(20, packets.Count);
        Assert.Contains(packets, p => p.Comment.Contains("released without keys: held-back frames over --max-held-bytes 1000"));
        Assert.Equal(packets.Select(p => p.Timestamp).Order().ToList(), packets.Select(p => p.Timestamp).ToList());
    }

    [Fact]
    public void Run_HeldFramesOverTheTotalBudget_LongestWaitingReleasedFirst()
    {
        using var capture = new SyntheticTls13Capture(new SyntheticCaptureOptions { Connections = 3, Concurrent = 3, Exchanges = 2 });
        byte[] pcapng = ReadAll(new SyntheticCaptureStream(capture));
        // Three connections wait for keys that never come; the budget holds about two ClientHello flights.
        var limits = new CaptureLimits { MaxHeldTotalBytes = 2000 };
        var (session, blocks) = RunSession(CaptureReader.Open(new MemoryStream(pcapng), "synthetic"), new KeyStore(), TimeSpan.FromSeconds(60), limits);

        Assert.True(session.ReleasedOverHeldLimit >= 1);
        var packets = blocks.Where(b => b.Kind == CaptureRecordKind.Packet).ToList();
        Assert.Equal(CaptureBlocks.Packets(pcapng).Count, packets.Count);
        var annotated = packets.First(p => p.Comment.Contains("--max-held-total 2000"));
        // Connection 0 started first, so it waited longest: its ClientHello is the first frame released by the budget.
        Assert.Equal(ClientPortOf(annotated.Data), ClientPortOf(CaptureBlocks.Packets(pcapng)[0].Data));
        AssertPerConnectionOrder(CaptureBlocks.Packets(pcapng), packets);
    }

    [Fact]
    public void Run_ConnectionOverTheHandshakeLimit_LaterFramesSayNotDecrypted()
    {
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(File.ReadAllBytes(Cli.Data("seed", "keylog.txt")), "seed").Entries);
        var limits = new CaptureLimits { MaxHandshakeBytes = 100 };
        var (_, blocks) = RunSession(CaptureReader.Open(Seed), keys, TimeSpan.FromSeconds(60), limits);

        var packets = blocks.Where(b => b.Kind == CaptureRecordKind.Packet).ToList();
        Assert.Equal(20, packets.Count);
        var annotated = packets.Where(p => p.Comment.Contains("not decrypted: a handshake message over --max-handshake-bytes 100")).ToList();
        // From the ClientHello (frame 8) on, every TCP frame of the connection says so; nothing is decrypted.
        Assert.True(annotated.Count >= 10, $"{annotated.Count} annotated frames");
        Assert.DoesNotContain(packets, p => p.Comment.Contains("decrypted") && !p.Comment.Contains("not decrypted"));
    }

    internal static (CaptureSession Session, List<CaptureBlocks.Block> Blocks) RunSession(CaptureReader reader, KeyStore keys, TimeSpan keyWait, CaptureLimits limits)
    {
        using var output = new MemoryStream();
        CaptureSession session;
        using (var frames = new KeysModeOutput(output))
        using (session = new CaptureSession(keys, [], frames, keyWait, Serilog.Core.Logger.None, limits))
        using (reader)
        {
            session.Run(reader, originalPace: false, CancellationToken.None);
        }

        return (session, CaptureBlocks.Read(output.ToArray()));
    }

    internal static byte[] ReadAll(Stream stream)
    {
        using (stream)
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }

    /// <summary>The client's port of a synthetic frame (the end that is not 443).</summary>
    internal static int ClientPortOf(byte[] frame)
    {
        int source = (frame[34] << 8) | frame[35];
        int destination = (frame[36] << 8) | frame[37];
        return source == SyntheticConnection.ServerPort ? destination : source;
    }

    /// <summary>Every input frame came out once, and each connection's frames in their input order.</summary>
    internal static void AssertPerConnectionOrder(List<CaptureBlocks.Block> input, List<CaptureBlocks.Block> output)
    {
        Assert.Equal(input.Count, output.Count);
        Assert.Equal(input.Select(b => Convert.ToHexString(b.Data)).Order(), output.Select(b => Convert.ToHexString(b.Data)).Order());
        foreach (var group in input.GroupBy(b => ClientPortOf(b.Data)))
        {
            var expected = group.Select(b => Convert.ToHexString(b.Data)).ToList();
            var actual = output.Where(b => ClientPortOf(b.Data) == group.Key).Select(b => Convert.ToHexString(b.Data)).ToList();
            Assert.Equal(expected, actual);
        }
    }
}
