using System.Text;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Tls;
using TlsExtcap.Core.Tls.Handshake;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Fuzz.Targets;

namespace TlsExtcap.Fuzz;

/// <summary>
/// The fuzz targets: every parser that reads outside input. The only exceptions allowed out of the
/// core are its typed ones (<see cref="CaptureFormatException"/>, <see cref="TlsDecodeException"/>);
/// anything else — or a hang, or a large allocation — is a finding.
/// </summary>
public static class FuzzTargets
{
    private static readonly byte[] SeedKeyLog = Read("seed.keylog");

    /// <summary>The seed session's keys and those of the generated captures among the seeds.</summary>
    internal static readonly byte[] PipelineKeyLog = [.. SeedKeyLog, (byte)'\n', .. Read("generated.keylog")];

    /// <summary>Captures of the seed session, HTTP/2, and generated TLS 1.0–1.3 and DTLS cases (see Seeds/README.md).</summary>
    internal static readonly string[] CaptureSeedFiles =
    [
        "seed.pcap", "http2.pcapng", "tls12-cbc-sha256-etm.pcapng", "tls12-ecdhe-chacha20.pcapng", "tls12-resumption-ticket.pcapng",
        "tls13-early-data.pcapng", "tls13-keyupdate.pcapng", "tls13-hrr.pcapng", "dtls12.pcapng", "tls10-cbc.pcapng",
    ];

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("capture", () => CaptureSeedFiles.Select(Read).ToList(), RunCapture),
        new("pipeline", () => CaptureSeedFiles.Select(Read).ToList(), RunPipeline),
        new("session", SessionTarget.Seeds, SessionTarget.Run),
        new("packet", () => PacketSeeds(), RunPacket),
        new("tcp", TcpTarget.Seeds, TcpTarget.Run),
        new("tls-stream", () => StreamSeeds(), RunTlsStream),
        new("dtls", () => [Convert.FromHexString("16fefd000000000000000000140100000800000000000000080303000000000000"), new byte[13]], RunDtls),
        new("handshake", () => HandshakeSeeds(), RunHandshake),
        new("keylog", () => [SeedKeyLog, Read("generated.keylog"), Encoding.ASCII.GetBytes("# comment\r\nRSA 0011223344556677 " + new string('a', 96) + "\n")], RunKeyLog),
        new("dsb", DsbTarget.Seeds, DsbTarget.Run),
        new("rsa-key", RsaKeyTarget.Seeds, RsaKeyTarget.Run),
        new("extcap-args", ExtcapArgumentsTarget.Seeds, ExtcapArgumentsTarget.Run),
        new("http-framer", HttpFramerTarget.Seeds, HttpFramerTarget.Run),
        new("x509", X509Target.Seeds, X509Target.Run),
        new("annotate", AnnotateTarget.Seeds, AnnotateTarget.Run),
    ];

    public static string SeedsFolder => Path.Combine(AppContext.BaseDirectory, "Seeds");

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(SeedsFolder, name));

    private static void RunCapture(byte[] input)
    {
        try
        {
            using var reader = CaptureReader.Open(new MemoryStream(input), "fuzz");
            while (reader.TryRead(out var record))
            {
                _ = record.Data.Length;
            }
        }
        catch (CaptureFormatException)
        {
        }
    }

    /// <summary>The whole core: capture → packets → TCP → TLS with the seed keys (decryption runs on mutated records).</summary>
    private static void RunPipeline(byte[] input)
    {
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(PipelineKeyLog, "seed").Entries);
        using var processor = new CaptureProcessor(keys);
        try
        {
            using var reader = CaptureReader.Open(new MemoryStream(input), "fuzz");
            processor.Process(reader);
        }
        catch (CaptureFormatException)
        {
        }

        processor.Finish();
    }

    private static void RunPacket(byte[] input)
    {
        foreach (var linkType in new[] { LinkType.Ethernet, LinkType.Raw, LinkType.Null, LinkType.Loop, LinkType.LinuxSll, LinkType.LinuxSll2, LinkType.Ipv4, LinkType.Ipv6 })
        {
            PacketDecoder.TryDecode(linkType, input, out _);
        }
    }

    /// <summary>Bytes split in two directions (first byte chooses the cut) into a TLS connection.</summary>
    private static void RunTlsStream(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.Parse(SeedKeyLog, "seed").Entries);
        using var connection = NewConnection(TransportProtocol.Tcp, keys);
        int cut = input.Length * input[0] / 256;
        var data = input.AsSpan(1);
        int chunk = 1 + (input[0] % 97);
        for (int offset = 0; offset < data.Length; offset += chunk)
        {
            var piece = data.Slice(offset, Math.Min(chunk, data.Length - offset));
            connection.OnStreamData(offset < cut ? Direction.ClientToServer : Direction.ServerToClient, piece, offset);
            if ((offset / chunk) % 13 == 7)
            {
                connection.OnStreamGap(offset < cut ? Direction.ClientToServer : Direction.ServerToClient, input[0], offset);
            }
        }

        connection.Finish();
    }

    private static void RunDtls(byte[] input)
    {
        using var connection = NewConnection(TransportProtocol.Udp, new KeyStore());
        int half = input.Length / 2;
        connection.OnDatagram(Direction.ClientToServer, input.AsSpan(0, half), 1);
        connection.OnDatagram(Direction.ServerToClient, input.AsSpan(half), 2);
        connection.Finish();
    }

    private static void RunHandshake(byte[] input)
    {
        Try(() => ClientHelloInfo.Parse(input, isDatagram: false));
        Try(() => ClientHelloInfo.Parse(input, isDatagram: true));
        Try(() => ServerHelloInfo.Parse(input));
        Try(() => ClientHelloInfo.ParseSsl2(input));
        Try(() => ExtensionParsers.ParseEncryptedExtensions(input));
        Try(() => ExtensionParsers.ParseServerName(input));
        Try(() => ExtensionParsers.ParseAlpn(input));
        var assembler = new HandshakeAssembler(1 << 16);
        Try(() =>
        {
            assembler.Append(input, (_, _) => { });
            return 0;
        });
        var dtls = new DtlsHandshakeAssembler(1 << 16);
        Try(() =>
        {
            dtls.Append(input, (_, _) => { });
            return 0;
        });
    }

    private static void RunKeyLog(byte[] input) => KeyLogParser.Parse(input, "fuzz");

    private static void Try<T>(Func<T> parse)
    {
        try
        {
            parse();
        }
        catch (TlsDecodeException)
        {
        }
    }

    private static TlsConnection NewConnection(TransportProtocol transport, KeyStore keys) =>
        new(1, transport, new IpEndpoint(IpAddressValue.FromV4([127, 0, 0, 1]), 50000), new IpEndpoint(IpAddressValue.FromV4([127, 0, 0, 1]), 443), 1,
            keys, new SessionCache(), NullSink.Instance, new TlsEngineOptions(), Serilog.Core.Logger.None);

    private static IReadOnlyList<byte[]> PacketSeeds()
    {
        var seeds = new List<byte[]>();
        using var reader = CaptureReader.Open(Path.Combine(SeedsFolder, "seed.pcap"));
        while (reader.TryRead(out var record) && seeds.Count < 8)
        {
            seeds.Add(record.Data.ToArray());
        }

        return seeds;
    }

    /// <summary>The seed session's TCP payloads, client bytes then server bytes, with a cut byte first.</summary>
    private static IReadOnlyList<byte[]> StreamSeeds()
    {
        var client = new List<byte>();
        var server = new List<byte>();
        using var reader = CaptureReader.Open(Path.Combine(SeedsFolder, "seed.pcap"));
        while (reader.TryRead(out var record))
        {
            if (PacketDecoder.TryDecode(record.LinkType, record.Data.Span, out var packet) && !packet.Payload.IsEmpty)
            {
                (packet.Source.Port == 8443 ? server : client).AddRange(packet.Payload.ToArray());
            }
        }

        byte cut = (byte)(256 * client.Count / (client.Count + server.Count + 1));
        return [[cut, .. client, .. server]];
    }

    private static IReadOnlyList<byte[]> HandshakeSeeds()
    {
        var stream = StreamSeeds()[0];
        // ClientHello body: after the cut byte, record header (5) and handshake header (4).
        return [stream.AsSpan(10, 340).ToArray(), stream.AsSpan(1, 200).ToArray()];
    }

    private sealed class NullSink : ITlsEventSink
    {
        public static readonly NullSink Instance = new();
    }
}
