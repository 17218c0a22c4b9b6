using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Network;
using TlsExtcap.Extcap;
using TlsExtcap.Limits;
using TlsExtcap.Load.Synthetic;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>
/// Under malformed TCP, TLS or key material, keys mode still forwards every original frame, byte for
/// byte and in order (per connection, when several are held back at once): mutated copies of the seed
/// capture (payload bytes flipped, lengths broken, TCP headers broken, segments lost, repeated or
/// swapped, keys corrupted) and of a many-connection synthetic capture go through the extcap pipeline
/// — hold-back, budgets and limits included — and come out whole.
/// </summary>
public class NothingLostTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void KeysMode_MutatedCapture_EveryFrameForwardedUnchanged(int seed)
    {
        var random = new Random(seed);
        var input = new List<(long Timestamp, byte[] Data)>();
        using (var reader = CaptureReader.Open(Cli.Data("seed", "capture.pcap")))
        {
            while (reader.TryRead(out var record))
            {
                byte[] data = record.Data.ToArray();
                if (PacketDecoder.TryDecode(record.LinkType, data, out var packet) && packet.Payload.Length > 0 && random.Next(3) == 0)
                {
                    // Corrupt TLS bytes inside the TCP payload: headers, lengths, ciphertext.
                    int payloadStart = data.Length - packet.Payload.Length;
                    for (int i = 0; i < 1 + random.Next(8); i++)
                    {
                        data[payloadStart + random.Next(packet.Payload.Length)] = (byte)random.Next(256);
                    }
                }

                input.Add((record.TimestampNanoseconds, data));
            }
        }

        byte[] capture = WriteCapture(input);
        var keys = new KeyStore();
        string keyLog = File.ReadAllText(Cli.Data("seed", "keylog.txt"));
        if (seed % 2 == 0)
        {
            // Damaged key material too: half the lines with a flipped secret digit.
            keyLog = string.Join('\n', keyLog.Split('\n').Select((l, i) => i % 2 == 0 && l.Length > 10 ? l[..^1] + (l[^1] == '0' ? '1' : '0') : l));
        }

        keys.AddRange(KeyLogParser.Parse(System.Text.Encoding.ASCII.GetBytes(keyLog), "test").Entries);
        using var output = new MemoryStream();
        using (var frames = new KeysModeOutput(output))
        // With the extcap's default annotations: the trees of damaged records must not cost a frame either.
        using (var session = new CaptureSession(keys, [], frames, TimeSpan.FromMilliseconds(50), Serilog.Core.Logger.None, annotate: AnnotationMode.Handshake))
        using (var reader = CaptureReader.Open(new MemoryStream(capture), "mutated"))
        {
            session.Run(reader, originalPace: false, CancellationToken.None);
        }

        var forwarded = new List<(long Timestamp, byte[] Data)>();
        int annotated = 0;
        using (var reader = CaptureReader.Open(new MemoryStream(output.ToArray()), "output"))
        {
            while (reader.TryRead(out var record))
            {
                if (record.Kind == CaptureRecordKind.Packet)
                {
                    forwarded.Add((record.TimestampNanoseconds, record.Data.ToArray()));
                    if (record.Comments.Any(c => c.StartsWith("TlsExtcap-annotations", StringComparison.Ordinal)))
                    {
                        // Whatever the bytes, the comments decode strictly and every node lies inside the frame or its sources.
                        _ = TlsExtcap.Output.AnnotationCommentDecoder.Decode(record.Comments, record.Data.Length);
                        annotated++;
                    }
                }
            }
        }

        Assert.True(annotated > 0, "no annotated frame");

        Assert.Equal(input.Count, forwarded.Count);
        for (int i = 0; i < input.Count; i++)
        {
            Assert.Equal(input[i].Timestamp, forwarded[i].Timestamp);
            Assert.Equal(input[i].Data, forwarded[i].Data);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    public void KeysMode_MutatedTcpHeadersAndKeyLines_EveryFrameForwardedUnchanged(int seed)
    {
        // TCP itself broken: sequence numbers moved, SYN/FIN/RST/ACK flags flipped, data offsets
        // wrong; key lines with secrets too short for the suite, swapped labels or foreign randoms.
        var random = new Random(seed);
        var input = ReadSeed();
        foreach (var (_, data) in input)
        {
            if (!PacketDecoder.TryDecode(LinkType.Ethernet, data, out var packet) || packet.Protocol != TransportProtocol.Tcp || random.Next(2) == 0)
            {
                continue;
            }

            const int tcp = 14 + 20;
            switch (random.Next(4))
            {
                case 0:
                    data[tcp + 4 + random.Next(4)] = (byte)random.Next(256);
                    break;
                case 1:
                    data[tcp + 13] ^= (byte)(1 << random.Next(5));
                    break;
                case 2:
                    data[tcp + 12] = (byte)(random.Next(16) << 4);
                    break;
                default:
                    data[tcp + 8 + random.Next(4)] = (byte)random.Next(256);
                    break;
            }
        }

        string[] lines = File.ReadAllLines(Cli.Data("seed", "keylog.txt"));
        string Mutate(string line) => random.Next(4) switch
        {
            0 => line[..(line.LastIndexOf(' ') + 65)],
            1 => line.Replace("CLIENT_", "SERVER_"),
            2 => line.Replace(line.Split(' ')[1], new string('7', 64)),
            _ => line,
        };
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(System.Text.Encoding.ASCII.GetBytes(string.Join('\n', lines.Select(Mutate))), "test").Entries);

        var forwarded = RunKeysMode(WriteCapture(input), keys, TimeSpan.Zero);
        Assert.Equal(input.Select(p => (p.Timestamp, Convert.ToHexString(p.Data))), forwarded.Select(p => (p.Timestamp, Convert.ToHexString(p.Data))));
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    [InlineData(24)]
    public void KeysMode_SegmentsDroppedDuplicatedSwappedWhileHeldBack_EveryFrameForwardedInOrder(int seed)
    {
        // No keys: the connection is held back from its ClientHello, then released when its wait
        // expires; meanwhile its segments arrive lost, twice, or out of order.
        var random = new Random(seed);
        var packets = ReadSeed();
        var input = new List<(long Timestamp, byte[] Data)>();
        for (int i = 0; i < packets.Count; i++)
        {
            switch (random.Next(6))
            {
                case 0 when i > 8:
                    continue;
                case 1:
                    input.Add(packets[i]);
                    input.Add((packets[i].Timestamp + 1, (byte[])packets[i].Data.Clone()));
                    continue;
                case 2 when i + 1 < packets.Count:
                    input.Add(packets[i + 1]);
                    input.Add(packets[i]);
                    i++;
                    continue;
                default:
                    input.Add(packets[i]);
                    continue;
            }
        }

        var forwarded = RunKeysMode(WriteCapture(input), new KeyStore(), TimeSpan.FromMilliseconds(100), new CaptureLimits { MaxHeldBytes = 2000 + (seed * 100) });
        Assert.Equal(input.Select(p => (p.Timestamp, Convert.ToHexString(p.Data))), forwarded.Select(p => (p.Timestamp, Convert.ToHexString(p.Data))));
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public void KeysMode_ManyInterleavedConnectionsMutatedHalfWithoutKeys_EachConnectionsFramesOnceInOrder(int seed)
    {
        // Thirty synthetic TLS 1.3 connections at once; keys for the even ones only, TLS bytes broken
        // in some frames, small hold-back budgets: some held, some released early, some over a limit.
        var random = new Random(seed);
        using var synthetic = new SyntheticTls13Capture(new SyntheticCaptureOptions { Connections = 30, Concurrent = 30, Exchanges = 3, Seed = seed });
        var packets = CaptureBlocks.Packets(HoldBackLimitTests.ReadAll(new SyntheticCaptureStream(synthetic)));
        foreach (var packet in packets.Where(p => p.Data.Length > FrameBuilder.HeadersLength && random.Next(4) == 0))
        {
            packet.Data[FrameBuilder.HeadersLength + random.Next(packet.Data.Length - FrameBuilder.HeadersLength)] = (byte)random.Next(256);
        }

        var keyLog = new StringWriter();
        synthetic.WriteKeyLog(keyLog, i => i % 2 == 0);
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(System.Text.Encoding.ASCII.GetBytes(keyLog.ToString()), "synthetic").Entries);
        var limits = new CaptureLimits { MaxHeldBytes = 3000, MaxHeldTotalBytes = 20_000, MaxHandshakeBytes = 2048 + (seed % 2 * 4096) };

        var forwarded = RunKeysMode(WriteCapture(packets.Select(p => (p.Timestamp, p.Data)).ToList()), keys, TimeSpan.FromMilliseconds(100), limits);
        HoldBackLimitTests.AssertPerConnectionOrder(packets, forwarded.Select(p => new CaptureBlocks.Block(CaptureRecordKind.Packet, p.Data, [], p.Timestamp)).ToList());
    }

    private static List<(long Timestamp, byte[] Data)> ReadSeed()
    {
        var packets = new List<(long, byte[])>();
        using var reader = CaptureReader.Open(Cli.Data("seed", "capture.pcap"));
        while (reader.TryRead(out var record))
        {
            packets.Add((record.TimestampNanoseconds, record.Data.ToArray()));
        }

        return packets;
    }

    private static List<(long Timestamp, byte[] Data)> RunKeysMode(byte[] capture, KeyStore keys, TimeSpan keyWait, CaptureLimits? limits = null)
    {
        using var output = new MemoryStream();
        using (var frames = new KeysModeOutput(output))
        using (var session = new CaptureSession(keys, [], frames, keyWait, Serilog.Core.Logger.None, limits))
        using (var reader = CaptureReader.Open(new MemoryStream(capture), "mutated"))
        {
            session.Run(reader, originalPace: false, CancellationToken.None);
        }

        return CaptureBlocks.Packets(output.ToArray()).Select(b => (b.Timestamp, b.Data)).ToList();
    }

    private static byte[] WriteCapture(List<(long Timestamp, byte[] Data)> packets)
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            int id = writer.AddInterface(LinkType.Ethernet);
            foreach (var (timestamp, data) in packets)
            {
                writer.WritePacket(id, timestamp, data);
            }
        }

        return stream.ToArray();
    }
}
