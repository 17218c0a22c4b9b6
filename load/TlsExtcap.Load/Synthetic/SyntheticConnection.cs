using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TlsExtcap.Load.Synthetic;

/// <summary>
/// One TLS 1.3 connection (TLS_AES_128_GCM_SHA256) as a sequence of TCP segments, made one at a time
/// so that thousands can be open without holding their bytes: SYN, SYN-ACK, ACK, ClientHello, the
/// server's flight (ServerHello, then EncryptedExtensions, Certificate, CertificateVerify and Finished
/// in one record under the server handshake secret), the client Finished, request/response records
/// under the application secrets, and a FIN each way.
/// </summary>
public sealed class SyntheticConnection
{
    public const ushort ServerPort = 443;
    private const uint ServerIp = 0x0a000001;

    private const byte Fin = 1;
    private const byte Syn = 2;
    private const byte Psh = 8;
    private const byte Ack = 16;

    private readonly SyntheticTls13Capture _capture;
    private readonly int _flightSegments;
    private uint _clientNext;
    private uint _serverNext;
    private int _step;

    public SyntheticConnection(SyntheticTls13Capture capture, int index)
    {
        _capture = capture;
        Index = index;
        _flightSegments = ServerFlightSegments(capture.Options);
        Span<byte> isn = stackalloc byte[32];
        SHA256.HashData(BitConverter.GetBytes(index + (capture.Options.Seed * 1_000_003L)), isn);
        _clientNext = BinaryPrimitives.ReadUInt32BigEndian(isn);
        _serverNext = BinaryPrimitives.ReadUInt32BigEndian(isn[4..]);
    }

    public int Index { get; }

    public int PacketCount => _capture.Options.PacketsPerConnection(_flightSegments);

    public bool Done => _step >= PacketCount;

    public uint ClientIp => 0x0a000000u | (uint)(0x10000 + Index);

    public ushort ClientPort => (ushort)(1024 + (Index % 60000));

    /// <summary>Segments of the server's first flight for these options.</summary>
    public static int ServerFlightSegments(SyntheticCaptureOptions options)
    {
        int length = ServerHelloRecordLength + 5 + ServerFlightInnerLength(options) + 1 + Tls13Sealer.TagLength;
        return (length + options.SegmentSize - 1) / options.SegmentSize;
    }

    /// <summary>The next segment of this connection.</summary>
    public byte[] Next()
    {
        var options = _capture.Options;
        int step = _step++;
        int exchangesStart = 4 + _flightSegments + 1;
        int finStart = exchangesStart + (2 * options.Exchanges);
        if (step == 0)
        {
            return FromClient(Syn, [], synOrFin: true);
        }

        if (step == 1)
        {
            return FromServer(Syn | Ack, [], synOrFin: true);
        }

        if (step == 2)
        {
            return FromClient(Ack, []);
        }

        if (step == 3)
        {
            return FromClient(Psh | Ack, ClientHelloRecord());
        }

        if (step < 4 + _flightSegments)
        {
            byte[] flight = ServerFlight();
            int offset = (step - 4) * options.SegmentSize;
            return FromServer(Psh | Ack, flight.AsSpan(offset, Math.Min(options.SegmentSize, flight.Length - offset)));
        }

        if (step == 4 + _flightSegments)
        {
            return FromClient(Psh | Ack, _capture.Seal(Index, SecretKind.ClientHandshake, 0, 22, Finished()));
        }

        if (step < finStart)
        {
            int exchange = (step - exchangesStart) / 2;
            bool client = (step - exchangesStart) % 2 == 0;
            byte[] payload = Payload(exchange, client);
            return client
                ? FromClient(Psh | Ack, _capture.Seal(Index, SecretKind.ClientApplication, (ulong)exchange, 23, payload))
                : FromServer(Psh | Ack, _capture.Seal(Index, SecretKind.ServerApplication, (ulong)exchange, 23, payload));
        }

        return step == finStart ? FromClient(Fin | Ack, [], synOrFin: true) : FromServer(Fin | Ack, [], synOrFin: true);
    }

    /// <summary>The application data of one record: a recognisable pattern per connection, exchange and side.</summary>
    public byte[] Payload(int exchange, bool client)
    {
        byte[] payload = new byte[_capture.Options.PayloadBytes];
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(Index + (exchange * 7) + i + (client ? 0 : 128));
        }

        return payload;
    }

    private const int ServerHelloRecordLength = 5 + 4 + 2 + 32 + 1 + 32 + 2 + 1 + 2 + (4 + 2) + (4 + 36);

    private static int ServerFlightInnerLength(SyntheticCaptureOptions options) =>
        (4 + 2) + (4 + 1 + 3 + 3 + options.CertificateBytes + 2) + (4 + 2 + 2 + 64) + (4 + 32);

    private byte[] FromClient(byte flags, ReadOnlySpan<byte> payload, bool synOrFin = false)
    {
        byte[] frame = FrameBuilder.Tcp(ClientIp, ServerIp, ClientPort, ServerPort, _clientNext, (flags & Syn) != 0 ? 0 : _serverNext, flags, payload);
        _clientNext = unchecked(_clientNext + (uint)payload.Length + (synOrFin ? 1u : 0u));
        return frame;
    }

    private byte[] FromServer(byte flags, ReadOnlySpan<byte> payload, bool synOrFin = false)
    {
        byte[] frame = FrameBuilder.Tcp(ServerIp, ClientIp, ServerPort, ClientPort, _serverNext, _clientNext, flags, payload);
        _serverNext = unchecked(_serverNext + (uint)payload.Length + (synOrFin ? 1u : 0u));
        return frame;
    }

    /// <summary>RFC 8446 §4.1.2 ClientHello: one suite, SNI, supported_versions (TLS 1.3), an X25519 key_share.</summary>
    private byte[] ClientHelloRecord()
    {
        var body = new List<byte> { 3, 3 };
        body.AddRange(_capture.ClientRandom(Index));
        body.Add(32);
        body.AddRange(new byte[32]);
        body.AddRange([0, 2, 0x13, 0x01, 1, 0]);
        var extensions = new List<byte>();
        byte[] name = System.Text.Encoding.ASCII.GetBytes($"host{Index}.test");
        // RFC 6066 §3 server_name: list length, host_name type 0, name length, name.
        AddExtension(extensions, 0, [(byte)((name.Length + 3) >> 8), (byte)(name.Length + 3), 0, (byte)(name.Length >> 8), (byte)name.Length, .. name]);
        AddExtension(extensions, 0x2b, [2, 3, 4]);
        AddExtension(extensions, 0x33, [0, 36, 0, 0x1d, 0, 32, .. new byte[32]]);
        body.AddRange([(byte)(extensions.Count >> 8), (byte)extensions.Count]);
        body.AddRange(extensions);
        return Record(22, 0x0301, Handshake(1, body.ToArray()));
    }

    /// <summary>ServerHello (plaintext) followed by the encrypted EncryptedExtensions … Finished record.</summary>
    private byte[] ServerFlight()
    {
        var body = new List<byte> { 3, 3 };
        byte[] random = _capture.ClientRandom(Index);
        random[0] ^= 0xff;
        body.AddRange(random);
        body.Add(32);
        body.AddRange(new byte[32]);
        body.AddRange([0x13, 0x01, 0]);
        var extensions = new List<byte>();
        AddExtension(extensions, 0x2b, [3, 4]);
        AddExtension(extensions, 0x33, [0, 0x1d, 0, 32, .. new byte[32]]);
        body.AddRange([(byte)(extensions.Count >> 8), (byte)extensions.Count]);
        body.AddRange(extensions);
        byte[] serverHello = Record(22, 0x0303, Handshake(2, body.ToArray()));

        int certificate = _capture.Options.CertificateBytes;
        var inner = new List<byte>();
        inner.AddRange(Handshake(8, [0, 0]));
        var certificateBody = new List<byte> { 0 };
        int listLength = 3 + certificate + 2;
        certificateBody.AddRange([(byte)(listLength >> 16), (byte)(listLength >> 8), (byte)listLength]);
        certificateBody.AddRange([(byte)(certificate >> 16), (byte)(certificate >> 8), (byte)certificate]);
        certificateBody.AddRange(Enumerable.Repeat((byte)0x30, certificate));
        certificateBody.AddRange([0, 0]);
        inner.AddRange(Handshake(11, certificateBody.ToArray()));
        inner.AddRange(Handshake(15, [0x08, 0x04, 0, 64, .. new byte[64]]));
        inner.AddRange(Handshake(20, new byte[32]));
        byte[] encrypted = _capture.Seal(Index, SecretKind.ServerHandshake, 0, 22, inner.ToArray());
        return [.. serverHello, .. encrypted];
    }

    private static byte[] Finished() => Handshake(20, new byte[32]);

    private static byte[] Handshake(byte type, byte[] body) =>
        [type, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];

    private static byte[] Record(byte type, ushort version, byte[] fragment) =>
        [type, (byte)(version >> 8), (byte)version, (byte)(fragment.Length >> 8), (byte)fragment.Length, .. fragment];

    private static void AddExtension(List<byte> extensions, ushort type, byte[] data)
    {
        extensions.AddRange([(byte)(type >> 8), (byte)type, (byte)(data.Length >> 8), (byte)data.Length]);
        extensions.AddRange(data);
    }
}
