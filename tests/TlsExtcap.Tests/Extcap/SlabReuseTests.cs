using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Extcap;
using TlsExtcap.Limits;
using TlsExtcap.Load.Synthetic;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>
/// Frames go from the reading thread to the processing thread with their bytes in pooled slabs, reused
/// again and again: a file replayed as fast as possible hands them over in batches (a slab each), live
/// input frame by frame (a slab shared until full). A frame held back for keys outlives its slab's turn:
/// it must come out with its own bytes, not with whatever later frames wrote into the slab.
/// </summary>
public class SlabReuseTests
{
    /// <param name="fromFile">The capture in a file, read ahead: frames processed where the reader left them (no slabs), a held one detached.</param>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Run_AConnectionHeldWhileManySlabsAreReused_EveryFrameOutUnchanged(bool batch, bool fromFile)
    {
        // Connection 0's keys come only once 5,000 frames of the other three have gone out (about 7 MB):
        // every slab has been reused several times while its frames wait.
        using var capture = new SyntheticTls13Capture(new SyntheticCaptureOptions { Connections = 4, Concurrent = 4, Exchanges = 1000, PayloadBytes = 1400 });
        var others = new StringWriter();
        capture.WriteKeyLog(others, include: index => index != 0);
        byte[] pcapng = HoldBackLimitTests.ReadAll(new SyntheticCaptureStream(capture));
        Assert.True(pcapng.Length > 10_000_000, $"{pcapng.Length} bytes");

        var keys = new KeyStore();
        keys.AddRange(Parse(others.ToString()));
        var limits = new CaptureLimits { MaxHeldBytes = 64L << 20 };
        const int KeysAfterFrames = 5000;
        bool keysGiven = false;
        string? file = fromFile ? Path.GetTempFileName() : null;
        if (file is not null)
        {
            File.WriteAllBytes(file, pcapng);
        }

        using var output = new MemoryStream();
        CaptureSession session;
        using (var frames = new KeysModeOutput(output, flushEachFrame: false))
        using (session = new CaptureSession(keys, [], frames, TimeSpan.FromMinutes(5), Serilog.Core.Logger.None, limits))
        using (var reader = file is null ? CaptureReader.Open(new MemoryStream(pcapng), "synthetic") : CaptureReader.Open(file))
        {
            Assert.Equal(fromFile, reader.ReadsAhead);
            session.OnTick = s =>
            {
                if (!keysGiven && s.FramesWritten >= KeysAfterFrames)
                {
                    keysGiven = true;
                    keys.AddRange(Parse(string.Join('\n', capture.KeyLogLines(0))));
                }
            };
            session.Run(reader, originalPace: false, CancellationToken.None, batch);
        }

        if (file is not null)
        {
            File.Delete(file);
        }

        Assert.True(keysGiven);
        var input = CaptureBlocks.Packets(pcapng);
        var packets = CaptureBlocks.Read(output.ToArray()).Where(b => b.Kind == CaptureRecordKind.Packet).ToList();
        int heldPort = HoldBackLimitTests.ClientPortOf(input[0].Data);
        var held = packets.Where(p => HoldBackLimitTests.ClientPortOf(p.Data) == heldPort).ToList();
        // Its TCP handshake went out at once; from its ClientHello on it waited for the keys, then decrypted.
        var clientHello = held.First(p => p.Comment.Contains("ClientHello"));
        Assert.True(packets.IndexOf(clientHello) >= KeysAfterFrames, $"connection 0's ClientHello out at {packets.IndexOf(clientHello)}");
        Assert.Contains(held, p => p.Comment.Contains("decrypted") && !p.Comment.Contains("no keys"));
        HoldBackLimitTests.AssertPerConnectionOrder(input, packets);
    }

    private static IEnumerable<KeyLogEntry> Parse(string keyLog) =>
        KeyLogParser.Parse(System.Text.Encoding.ASCII.GetBytes(keyLog), "synthetic").Entries;
}
