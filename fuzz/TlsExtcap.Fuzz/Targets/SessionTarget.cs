using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Extcap;
using TlsExtcap.Limits;

namespace TlsExtcap.Fuzz.Targets;

/// <summary>
/// The extcap's whole capture path over mutated captures: <see cref="CaptureSession"/> with small
/// limits, closed connections forgotten, packet comments, and one of the three output modes (the first
/// input byte picks it). Nothing may be lost: every packet the reader yields before any damage must
/// reach the output.
/// </summary>
public static class SessionTarget
{
    private static readonly string[] Modes = ["keys", "plaintext", "pdu"];

    /// <summary>Small enough that the seeds' handshakes and any reordering reach them.</summary>
    private static readonly CaptureLimits Limits = new()
    {
        MaxHandshakeBytes = 2048,
        MaxReassemblyBytes = 4096,
        MaxTrialRecords = 4,
        MaxHeldBytes = 4096,
        MaxHeldTotalBytes = 8192,
    };

    public static void Run(byte[] input)
    {
        if (input.Length < 2)
        {
            return;
        }

        var capture = input.AsMemory(1);
        long packets = CountPackets(capture);
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(FuzzTargets.PipelineKeyLog, "seed").Entries);
        using var output = new MemoryStream();
        long written;
        using (var frames = ExtcapRunner.CreateOutput(Modes[input[0] % Modes.Length], output))
        using (var session = new CaptureSession(keys, [], frames, TimeSpan.Zero, Serilog.Core.Logger.None, Limits))
        {
            try
            {
                using var reader = CaptureReader.Open(new MemoryStream(capture.ToArray()), "fuzz");
                session.Run(reader, originalPace: false, CancellationToken.None);
            }
            catch (CaptureFormatException)
            {
            }

            written = session.FramesWritten;
        }

        if (written != packets)
        {
            throw new InvalidOperationException($"nothing-lost invariant broken: {packets} packets in, {written} out");
        }
    }

    public static IReadOnlyList<byte[]> Seeds() =>
        FuzzTargets.CaptureSeedFiles.Select((name, i) => (byte[])[(byte)i, .. FuzzTargets.Read(name)]).ToList();

    private static long CountPackets(ReadOnlyMemory<byte> capture)
    {
        long packets = 0;
        try
        {
            using var reader = CaptureReader.Open(new MemoryStream(capture.ToArray()), "fuzz");
            while (reader.TryRead(out var record))
            {
                packets += record.Kind == CaptureRecordKind.Packet ? 1 : 0;
            }
        }
        catch (CaptureFormatException)
        {
        }

        return packets;
    }
}
