using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Network;
using TlsExtcap.Extcap;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>
/// Under malformed TCP, TLS or key material, keys mode still forwards every original frame, byte for
/// byte and in order: mutated copies of the seed capture (payload bytes flipped, lengths broken, keys
/// corrupted) go through the extcap pipeline and come out whole.
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
        using (var session = new CaptureSession(keys, [], frames, TimeSpan.FromMilliseconds(50), Serilog.Core.Logger.None))
        using (var reader = CaptureReader.Open(new MemoryStream(capture), "mutated"))
        {
            session.Run(reader, originalPace: false, CancellationToken.None);
        }

        var forwarded = new List<(long Timestamp, byte[] Data)>();
        using (var reader = CaptureReader.Open(new MemoryStream(output.ToArray()), "output"))
        {
            while (reader.TryRead(out var record))
            {
                if (record.Kind == CaptureRecordKind.Packet)
                {
                    forwarded.Add((record.TimestampNanoseconds, record.Data.ToArray()));
                }
            }
        }

        Assert.Equal(input.Count, forwarded.Count);
        for (int i = 0; i < input.Count; i++)
        {
            Assert.Equal(input[i].Timestamp, forwarded[i].Timestamp);
            Assert.Equal(input[i].Data, forwarded[i].Data);
        }
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
