using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Extcap;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

public class CaptureSessionTests
{
    private static readonly string Capture = Cli.Data("seed", "capture.pcap");
    private static readonly string KeyLogText = File.ReadAllText(Cli.Data("seed", "keylog.txt"));

    /// <param name="batch">True: the file is read ahead and each frame processed where it was read (RunDirect); false: through the reading thread.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_KeysArriveWhileHeld_DsbBeforeServerHelloAndAllDecrypted(bool batch)
    {
        string keyLog = Path.GetTempFileName();
        try
        {
            var keys = new KeyStore();
            var follower = new KeyLogFollower(keyLog, keys);
            using var output = new MemoryStream();
            using (var frames = new KeysModeOutput(output))
            using (var session = new CaptureSession(keys, [follower], frames, TimeSpan.FromSeconds(30), Serilog.Core.Logger.None))
            using (var reader = CaptureReader.Open(Capture))
            {
                // The application writes its key log a moment after the handshake.
                var writer = Task.Run(async () =>
                {
                    await Task.Delay(300);
                    await File.AppendAllTextAsync(keyLog, KeyLogText + "\n");
                });
                Assert.True(reader.ReadsAhead);
                session.Run(reader, originalPace: false, CancellationToken.None, batch);
                writer.Wait();
            }

            var blocks = ReadBack(output.ToArray());
            Assert.Equal(20, blocks.Count(b => b.Kind == CaptureRecordKind.Packet));
            int dsb = blocks.FindIndex(b => b.Kind == CaptureRecordKind.DecryptionSecrets);
            int serverHello = blocks.FindIndex(b => b.Kind == CaptureRecordKind.Packet && b.Comments.Any(c => c.Contains("ServerHello")));
            Assert.True(dsb >= 0 && dsb < serverHello, $"DSB at {dsb}, ServerHello at {serverHello}");
            Assert.Equal(5, System.Text.Encoding.ASCII.GetString(blocks[dsb].Data).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Contains(blocks, b => b.Comments.Any(c => c.EndsWith("| 1 record, 1/1 decrypted")));
            Assert.DoesNotContain(blocks, b => b.Comments.Any(c => c.Contains("no keys")));
            // Per-connection order never changes: packets come out in capture order here.
            var numbers = blocks.Where(b => b.Kind == CaptureRecordKind.Packet).Select(b => b.Timestamp).ToList();
            Assert.Equal(numbers.Order().ToList(), numbers);
        }
        finally
        {
            File.Delete(keyLog);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_NoKeysBeforeDeadline_FramesReleasedWithNoKeysComments(bool batch)
    {
        var keys = new KeyStore();
        using var output = new MemoryStream();
        using (var frames = new KeysModeOutput(output))
        using (var session = new CaptureSession(keys, [], frames, TimeSpan.FromMilliseconds(200), Serilog.Core.Logger.None))
        using (var reader = CaptureReader.Open(Capture))
        {
            session.Run(reader, originalPace: false, CancellationToken.None, batch);
        }

        var blocks = ReadBack(output.ToArray());
        Assert.Equal(20, blocks.Count(b => b.Kind == CaptureRecordKind.Packet));
        Assert.DoesNotContain(blocks, b => b.Kind == CaptureRecordKind.DecryptionSecrets);
        Assert.Contains(blocks, b => b.Comments.Any(c => c.Contains("no keys")));
    }

    /// <summary>A file read ahead, frames processed where they were read: the same output as through the reading thread.</summary>
    [Theory]
    [InlineData("keys")]
    [InlineData("plaintext")]
    [InlineData("pdu")]
    public void Run_FileReadAheadInBatches_SameBytesAsThroughTheReadingThread(string mode)
    {
        string capture = Cli.Data("http", "http2.pcapng");
        byte[] Output(CaptureReader reader)
        {
            var keys = new KeyStore();
            keys.AddRange(KeyLogParser.Parse(File.ReadAllBytes(Cli.Data("http", "http2.keylog")), "keys").Entries);
            using var output = new MemoryStream();
            using (var frames = ExtcapRunner.CreateOutput(mode, output, flushEachFrame: false))
            using (var session = new CaptureSession(keys, [], frames, TimeSpan.Zero, Serilog.Core.Logger.None,
                annotate: mode == "keys" ? AnnotationMode.Handshake : AnnotationMode.None))
            using (reader)
            {
                session.Run(reader, originalPace: false, CancellationToken.None, batch: true);
            }

            return output.ToArray();
        }

        var direct = CaptureReader.Open(capture);
        Assert.True(direct.ReadsAhead);
        byte[] directBytes = Output(direct);
        byte[] threaded = Output(CaptureReader.Open(new MemoryStream(File.ReadAllBytes(capture)), "memory"));

        Assert.True(directBytes.Length > 1000);
        Assert.Equal(threaded, directBytes);
    }

    private static List<(CaptureRecordKind Kind, byte[] Data, IReadOnlyList<string> Comments, long Timestamp)> ReadBack(byte[] pcapng)
    {
        var list = new List<(CaptureRecordKind, byte[], IReadOnlyList<string>, long)>();
        using var reader = CaptureReader.Open(new MemoryStream(pcapng), "output");
        while (reader.TryRead(out var record))
        {
            list.Add((record.Kind, record.Data.ToArray(), record.Comments, record.TimestampNanoseconds));
        }

        return list;
    }
}
