using System.Text;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;

namespace TlsExtcap.Fuzz.Targets;

/// <summary>
/// Decryption Secrets Blocks (pcapng §4.7): the block reader, then the key-log lines inside, then the
/// packets those keys decrypt. Seeds are small pcapng files of both byte orders holding DSBs (the key
/// log type and another), a comment, and the seed connection's packets.
/// </summary>
public static class DsbTarget
{
    public static void Run(byte[] input)
    {
        using var processor = new CaptureProcessor(new KeyStore());
        try
        {
            using var reader = CaptureReader.Open(new MemoryStream(input), "fuzz");
            while (reader.TryRead(out var record))
            {
                processor.Process(record);
            }
        }
        catch (CaptureFormatException)
        {
        }

        processor.Finish();
    }

    public static IReadOnlyList<byte[]> Seeds()
    {
        byte[] keyLog = FuzzTargets.Read("seed.keylog");
        var packets = new List<(long Timestamp, byte[] Data)>();
        using (var reader = CaptureReader.Open(Path.Combine(FuzzTargets.SeedsFolder, "seed.pcap")))
        {
            while (reader.TryRead(out var record))
            {
                packets.Add((record.TimestampNanoseconds, record.Data.ToArray()));
            }
        }

        using var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            int id = writer.AddInterface(LinkType.Ethernet);
            writer.WriteDecryptionSecrets(CaptureProcessor.TlsKeyLogSecretsType, keyLog);
            writer.WriteDecryptionSecrets(0x57474b4c, Encoding.ASCII.GetBytes("wireguard key"));
            foreach (var (timestamp, data) in packets)
            {
                writer.WritePacket(id, timestamp, data);
            }
        }

        byte[] small = stream.ToArray();
        return [small, BigEndianDsbOnly(keyLog)];
    }

    /// <summary>A big-endian section: SHB, IDB, one DSB with a comment option, built by hand.</summary>
    private static byte[] BigEndianDsbOnly(byte[] keyLog)
    {
        var bytes = new List<byte>();
        void U32(uint v) => bytes.AddRange([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        void U16(ushort v) => bytes.AddRange([(byte)(v >> 8), (byte)v]);

        // pcapng §4.1 SHB: type, length, byte-order magic, version 1.0, section length -1.
        U32(0x0A0D0D0A);
        U32(28);
        U32(0x1A2B3C4D);
        U16(1);
        U16(0);
        U32(0xffffffff);
        U32(0xffffffff);
        U32(28);

        // pcapng §4.2 IDB: link type 1, snap length.
        U32(1);
        U32(20);
        U16(1);
        U16(0);
        U32(262144);
        U32(20);

        // pcapng §4.7 DSB: secrets type, length, data padded to 32 bits, opt_comment, opt_endofopt.
        byte[] comment = Encoding.ASCII.GetBytes("keys");
        int padded = (keyLog.Length + 3) & ~3;
        uint total = (uint)(12 + 8 + padded + 4 + comment.Length + 4 + 4);
        U32(0x0000000A);
        U32(total);
        U32(CaptureProcessor.TlsKeyLogSecretsType);
        U32((uint)keyLog.Length);
        bytes.AddRange(keyLog);
        bytes.AddRange(new byte[padded - keyLog.Length]);
        U16(1);
        U16((ushort)comment.Length);
        bytes.AddRange(comment);
        U16(0);
        U16(0);
        U32(total);
        return bytes.ToArray();
    }
}
