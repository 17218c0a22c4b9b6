using System.Text;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Extcap;
using TlsExtcap.Limits;
using TlsExtcap.Load.Synthetic;
using TlsExtcap.Output;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>
/// A capture replayed through several lanes at once: connections are dealt to lanes by address and port pair,
/// each lane a session of its own, and their blocks merged back by frame number. Without held frames the
/// stream is the one session's byte for byte, in every mode; with held frames every frame still comes out
/// once and each connection's in order; secrets carried by the capture take effect where they lie.
/// </summary>
public class ParallelCaptureSessionTests
{
    private static readonly SyntheticCaptureOptions ManyConnections = new()
    {
        Connections = 24, Concurrent = 8, Exchanges = 6, PayloadBytes = 900, DistinctSecrets = true,
    };

    [Theory]
    [InlineData("keys", 2)]
    [InlineData("keys", 3)]
    [InlineData("plaintext", 2)]
    [InlineData("plaintext", 5)]
    [InlineData("pdu", 2)]
    public void Run_ManyConnectionsWithKeys_SameStreamAsOneSession(string mode, int lanes)
    {
        using var capture = new SyntheticTls13Capture(ManyConnections);
        var keyLog = new StringWriter();
        capture.WriteKeyLog(keyLog);
        byte[] pcapng = HoldBackLimitTests.ReadAll(new SyntheticCaptureStream(capture));

        byte[] one = RunOne(pcapng, Keys(keyLog.ToString()), mode, TimeSpan.Zero);
        byte[] parallel = RunLanes(pcapng, Keys(keyLog.ToString()), mode, lanes, TimeSpan.Zero, out var session);

        Assert.Equal(Convert.ToHexString(one), Convert.ToHexString(parallel));
        Assert.Equal(24, session.TotalConnections);
        Assert.Equal(CaptureBlocks.Packets(pcapng).Count, session.Frames);
        // Not a vacuous comparison: the stream holds decrypted connections.
        var packets = CaptureBlocks.Packets(parallel);
        switch (mode)
        {
            case "keys":
                Assert.Equal(CaptureBlocks.Packets(pcapng).Count, packets.Count);
                Assert.Equal(24, CaptureBlocks.Read(parallel).Count(b => b.Kind == CaptureRecordKind.DecryptionSecrets));
                break;
            case "plaintext":
                Assert.Equal(24, packets.Count(p => p.Comment.StartsWith("TlsExtcap: decrypted TLS 1.3", StringComparison.Ordinal)));
                break;
            default:
                Assert.True(packets.Count >= 24 * 6 * 2, $"{packets.Count} PDUs");
                break;
        }
    }

    [Fact]
    public void Run_KeysForHalfTheConnections_OthersHeldUntilTheirWaitEndsAndEveryFrameOutInOrder()
    {
        using var capture = new SyntheticTls13Capture(ManyConnections with { Connections = 12, Concurrent = 6 });
        var keyLog = new StringWriter();
        capture.WriteKeyLog(keyLog, include: index => index % 2 == 0);
        byte[] pcapng = HoldBackLimitTests.ReadAll(new SyntheticCaptureStream(capture));

        byte[] output = RunLanes(pcapng, Keys(keyLog.ToString()), "keys", 3, TimeSpan.FromMilliseconds(300), out var session);

        var packets = CaptureBlocks.Packets(output);
        HoldBackLimitTests.AssertPerConnectionOrder(CaptureBlocks.Packets(pcapng), packets);
        Assert.Equal(packets.Count, session.FramesWritten);
        var counts = session.Counts();
        Assert.Equal((12, 6, 0), (counts.Connections, counts.Decrypted, counts.Waiting));
    }

    [Fact]
    public void Run_SecretsBlockPartWayThrough_SameStreamAsOneSession()
    {
        // The key log rides in a Decryption Secrets Block after the first half of the frames: the connections
        // that began before it are decrypted from it on, as one session decrypts them.
        using var capture = new SyntheticTls13Capture(ManyConnections with { Connections = 10, Concurrent = 5 });
        var keyLog = new StringWriter();
        capture.WriteKeyLog(keyLog);
        var packets = CaptureBlocks.Packets(HoldBackLimitTests.ReadAll(new SyntheticCaptureStream(capture)));
        using var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            int id = writer.AddInterface(LinkType.Ethernet);
            for (int i = 0; i < packets.Count; i++)
            {
                if (i == packets.Count / 2)
                {
                    writer.WriteDecryptionSecrets(CaptureProcessor.TlsKeyLogSecretsType, Encoding.ASCII.GetBytes(keyLog.ToString()));
                }

                writer.WritePacket(id, packets[i].Timestamp, packets[i].Data);
            }
        }

        byte[] pcapng = stream.ToArray();
        byte[] one = RunOne(pcapng, new KeyStore(), "plaintext", TimeSpan.Zero);
        byte[] parallel = RunLanes(pcapng, new KeyStore(), "plaintext", 3, TimeSpan.Zero, out _);

        Assert.Equal(Convert.ToHexString(one), Convert.ToHexString(parallel));
        Assert.NotEmpty(CaptureBlocks.Packets(parallel));
    }

    [Fact]
    public void Run_ResumedConnectionInAnotherLane_KeysFromTheSessionCacheAsOneSession()
    {
        // The second connection resumes the first (TLS 1.2 session ticket) and the key log has the first only:
        // its keys come from the session cache, which the lane of the first must fill before the other reads it.
        byte[] pcapng = File.ReadAllBytes(Cli.Data("tls12", "tls12-resumption-ticket.pcapng"));
        string keyLog = File.ReadAllText(Cli.Data("tls12", "tls12-resumption-ticket.first-only.keylog"));
        byte[] one = RunOne(pcapng, Keys(keyLog), "plaintext", TimeSpan.Zero);
        Assert.Equal(2, CaptureBlocks.Packets(one).Count(p => p.Comment.StartsWith("TlsExtcap: decrypted TLS 1.2", StringComparison.Ordinal)));

        int split = 0;
        for (int lanes = 2; lanes <= 6; lanes++)
        {
            split += FlowsInDifferentLanes(pcapng, lanes) ? 1 : 0;
            byte[] parallel = RunLanes(pcapng, Keys(keyLog), "plaintext", lanes, TimeSpan.Zero, out _);
            Assert.Equal(Convert.ToHexString(one), Convert.ToHexString(parallel));
        }

        // Not vacuous: at least one lane count puts the two connections in different lanes.
        Assert.True(split > 0);
    }

    [Fact]
    public void Run_OutputFailsPartWay_ThrowsOutputExceptionWithTheFramesWritten()
    {
        // About 2 MB: the disk fills after the first few batches.
        using var capture = new SyntheticTls13Capture(ManyConnections with { Exchanges = 40 });
        byte[] pcapng = HoldBackLimitTests.ReadAll(new SyntheticCaptureStream(capture));
        Assert.True(pcapng.Length > 1_500_000, $"{pcapng.Length} bytes");
        using var destination = new FailingStream(failAfter: 600_000);
        using var frames = new KeysModeOutput(destination, flushEachFrame: false);
        using var session = new ParallelCaptureSession(new KeyStore(), frames, destination, 2, TimeSpan.Zero, Serilog.Core.Logger.None);

        var error = Assert.Throws<OutputException>(() => session.Run(CaptureReader.Open(new MemoryStream(pcapng), "synthetic"), CancellationToken.None));

        Assert.IsType<IOException>(error.InnerException);
        Assert.InRange(session.FramesWritten, 1, CaptureBlocks.Packets(pcapng).Count - 1);
    }

    [Fact]
    public void Run_StoppedPartWayWithHeldConnections_EveryFrameReadStillGoesOut()
    {
        // No keys and a long key wait: every connection is held back when the stop comes half way through.
        using var capture = new SyntheticTls13Capture(ManyConnections);
        byte[] pcapng = HoldBackLimitTests.ReadAll(new SyntheticCaptureStream(capture));
        using var stop = new CancellationTokenSource();
        var input = new StopAtStream(pcapng, pcapng.Length / 2, stop);

        using var output = new MemoryStream();
        long frames;
        using (var keysMode = new KeysModeOutput(output, flushEachFrame: false))
        using (var session = new ParallelCaptureSession(new KeyStore(), keysMode, output, 3, TimeSpan.FromSeconds(30), Serilog.Core.Logger.None))
        {
            session.Run(CaptureReader.Open(input, "synthetic"), stop.Token);
            frames = session.Frames;
            Assert.Equal(frames, session.FramesWritten);
        }

        var all = CaptureBlocks.Packets(pcapng);
        Assert.InRange(frames, 1, all.Count - 1);
        HoldBackLimitTests.AssertPerConnectionOrder(all.Take((int)frames).ToList(), CaptureBlocks.Packets(output.ToArray()));
    }

    /// <summary>Whether the capture's TCP flows go to more than one of <paramref name="lanes"/> lanes.</summary>
    private static bool FlowsInDifferentLanes(byte[] pcapng, int lanes)
    {
        var seen = new HashSet<int>();
        using var reader = CaptureReader.Open(new MemoryStream(pcapng), "capture");
        while (reader.TryRead(out var record))
        {
            if (record.Kind == CaptureRecordKind.Packet && Core.Network.PacketDecoder.TryDecode(record.LinkType, record.Data.Span, out var packet))
            {
                seen.Add(ParallelCaptureProcessor.WorkerOf(packet.Source, packet.Destination, packet.Protocol, lanes));
            }
        }

        return seen.Count > 1;
    }

    private static KeyStore Keys(string keyLog)
    {
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(Encoding.ASCII.GetBytes(keyLog), "test").Entries);
        return keys;
    }

    private static byte[] RunOne(byte[] pcapng, KeyStore keys, string mode, TimeSpan keyWait)
    {
        using var output = new MemoryStream();
        using (var frames = ExtcapRunner.CreateOutput(mode, output, flushEachFrame: false))
        using (var session = new CaptureSession(keys, [], frames, keyWait, Serilog.Core.Logger.None, annotate: mode == "keys" ? AnnotationMode.Handshake : AnnotationMode.None))
        using (var reader = CaptureReader.Open(new MemoryStream(pcapng), "synthetic"))
        {
            session.Run(reader, originalPace: false, CancellationToken.None, batch: true);
        }

        return output.ToArray();
    }

    private static byte[] RunLanes(byte[] pcapng, KeyStore keys, string mode, int lanes, TimeSpan keyWait, out ParallelCaptureSession session,
        CancellationToken cancellationToken = default)
    {
        using var output = new MemoryStream();
        using (var frames = ExtcapRunner.CreateOutput(mode, output, flushEachFrame: false))
        using (session = new ParallelCaptureSession(keys, frames, output, lanes, keyWait, Serilog.Core.Logger.None, CaptureLimits.Default,
            mode == "keys" ? AnnotationMode.Handshake : AnnotationMode.None))
        using (var reader = CaptureReader.Open(new MemoryStream(pcapng), "synthetic"))
        {
            session.Run(reader, cancellationToken);
        }

        return output.ToArray();
    }

    /// <summary>The capture, read in small pieces; once <c>stopAt</c> bytes are read, the run is asked to stop.</summary>
    private sealed class StopAtStream(byte[] data, int stopAt, CancellationTokenSource stop) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= stopAt)
            {
                stop.Cancel();
            }

            return base.Read(buffer, offset, Math.Min(count, 4096));
        }
    }

    /// <summary>A destination that takes <c>failAfter</c> bytes, then fails every write (a full disk).</summary>
    private sealed class FailingStream(int failAfter) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > failAfter)
            {
                throw new IOException("No space left on device");
            }

            base.Write(buffer, offset, count);
        }
    }
}
