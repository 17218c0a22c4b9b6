using System.Buffers.Binary;
using Serilog.Core;
using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Tests.Support;

/// <summary>
/// Hand-built annotation trees over hand-built frames (Ethernet, IPv4, TCP 50000 → 443, one TLS 1.3
/// record), the way the dissectors will build them: nodes over the frame and over a decrypted record.
/// </summary>
internal static class AnnotationSamples
{
    /// <summary>Ethernet (14) + IPv4 (20) + TCP (20): where the TCP payload starts.</summary>
    public const int PayloadOffset = 54;

    public const string DecryptedLabel = "Decrypted TLS record 3 (server → client)";

    /// <summary>The Finished explanation: a TAB, a line break, a backslash and non-ASCII.</summary>
    public const string FinishedText = "HMAC over the transcript hash\twith the server's finished_key.\nIt matches: the handshake was not tampered with \\ « vérifié » ✓";

    /// <summary>The plaintext of the encrypted record: a Finished message (4 + 32 bytes) and the inner content type.</summary>
    public static readonly byte[] Plaintext = [0x14, 0x00, 0x00, 0x20, .. Enumerable.Range(0xa0, 32).Select(b => (byte)b), 0x16];

    public static TlsConnection Connection() =>
        new(1, TransportProtocol.Tcp, default, default, 1, new KeyStore(), new SessionCache(), new NoEvents(), new TlsEngineOptions(), Logger.None);

    /// <summary>An Ethernet/IPv4/TCP frame carrying <paramref name="payload"/> from 10.0.0.1:<paramref name="clientPort"/> to 10.0.0.2:443 (or back).</summary>
    public static byte[] TcpFrame(byte[] payload, bool toServer = true, uint sequence = 1, ushort clientPort = 50000)
    {
        var frame = new byte[PayloadOffset + payload.Length];
        byte[] client = [0x02, 0, 0, 0, 0, 1], server = [0x02, 0, 0, 0, 0, 2];
        (toServer ? server : client).CopyTo(frame, 0);
        (toServer ? client : server).CopyTo(frame, 6);
        frame[12] = 0x08;
        var ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 20 + payload.Length));
        ip[8] = 64;
        ip[9] = 6;
        byte[] a = [10, 0, 0, 1], b = [10, 0, 0, 2];
        (toServer ? a : b).CopyTo(ip[12..]);
        (toServer ? b : a).CopyTo(ip[16..]);
        var tcp = frame.AsSpan(34, 20);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, toServer ? clientPort : (ushort)443);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], toServer ? (ushort)443 : clientPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], sequence);
        tcp[12] = 0x50;
        tcp[13] = 0x18;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 65535);
        payload.CopyTo(frame, PayloadOffset);
        return frame;
    }

    /// <summary>A ClientHello record offering TLS 1.3 and 1.2 (supported_versions), TLS_AES_128_GCM_SHA256, with SNI <paramref name="serverName"/>.</summary>
    public static byte[] ClientHelloRecord(string serverName)
    {
        byte[] name = System.Text.Encoding.ASCII.GetBytes(serverName);
        // RFC 6066 §3: server_name_list { name_type host_name(0), HostName }; RFC 8446 §4.2.1: supported_versions.
        byte[] sni = [.. U16(name.Length + 3), 0, .. U16(name.Length), .. name];
        byte[] extensions = [.. U16(0), .. U16(sni.Length), .. sni, .. U16(0x2b), .. U16(5), 4, 0x03, 0x04, 0x03, 0x03];
        byte[] body = [0x03, 0x03, .. new byte[32], 0, .. U16(2), 0x13, 0x01, 1, 0, .. U16(extensions.Length), .. extensions];
        return Record(0x16, 0x0301, Handshake(1, body));
    }

    /// <summary>A TLS 1.3 ServerHello record choosing TLS_AES_128_GCM_SHA256.</summary>
    public static byte[] ServerHelloRecord()
    {
        byte[] extensions = [.. U16(0x2b), .. U16(2), 0x03, 0x04];
        byte[] body = [0x03, 0x03, .. Enumerable.Repeat((byte)0x5a, 32), 0, 0x13, 0x01, 0, .. U16(extensions.Length), .. extensions];
        return Record(0x16, 0x0303, Handshake(2, body));
    }

    /// <summary>An opaque application_data record of <paramref name="length"/> bytes.</summary>
    public static byte[] ApplicationDataRecord(int length) => Record(0x17, 0x0303, Enumerable.Range(0, length).Select(b => (byte)b).ToArray());

    /// <summary>The server's encrypted Finished record: 5-byte header, 37 bytes of ciphertext + 16 of tag.</summary>
    public static byte[] FinishedFrame()
    {
        byte[] record = [0x17, 0x03, 0x03, 0x00, 0x35, .. Enumerable.Range(0, 0x35).Select(b => (byte)(b * 7))];
        return TcpFrame(record, toServer: false);
    }

    /// <summary>
    /// TLS record (frame) → opaque_type, legacy_record_version, length, encrypted_record (frame) →
    /// Finished (decrypted, verified) → msg_type, length, verify_data; and content type (decrypted).
    /// </summary>
    public static FrameAnnotation Finished(long frameNumber = 1)
    {
        byte[] bytes = FinishedFrame();
        var frame = DataSource.ForFrame(frameNumber, bytes);
        var decrypted = new DataSource(DataSourceKind.Decrypted, "decrypted:c1:s2c:r3", frameNumber, Plaintext, DecryptedLabel);
        var annotation = new FrameAnnotation(frameNumber, frame, Connection(), Direction.ServerToClient);

        int record = PayloadOffset;
        var root = new AnnotationNode("TLS record", frame, record, 5 + 0x35, "application_data, 53 bytes", "A TLS 1.3 record: every record after the ServerHello looks like application data.");
        root.Add("opaque_type", record, 1, "application_data (23)", "TLS 1.3 hides the real content type inside the encryption.");
        root.Add("legacy_record_version", record + 1, 2, "TLS 1.2 (0x0303)");
        root.Add("length", record + 3, 2, "53");
        var encrypted = root.Add("encrypted_record", record + 5, 0x35, "53 bytes", "AEAD ciphertext and its 16-byte tag.");
        var finished = encrypted.Add(new AnnotationNode("Finished", decrypted, 0, 36, "verify_data verified", FinishedText) { Severity = AnnotationSeverity.Verified });
        finished.Add("msg_type", 0, 1, "finished (20)");
        finished.Add("length", 1, 3, "32");
        finished.Add("verify_data", 4, 32, "32 bytes", "HMAC(finished_key, Transcript-Hash).");
        encrypted.Add(new AnnotationNode("ContentType", decrypted, 36, 1, "handshake (22)", "The real content type, after the plaintext."));
        annotation.Add(root);

        var check = new AnnotationNode("Certificate chain", frame, record, 5, "not checked", "No trust anchors were given.") { Severity = AnnotationSeverity.Warning };
        annotation.Add(check);
        var failure = new AnnotationNode("signature", frame, record + 5, 4, "bad signature", "The CertificateVerify signature does not verify with the certificate's key.") { Severity = AnnotationSeverity.Error };
        annotation.Add(failure);
        return annotation;
    }

    /// <summary>
    /// A tree too big for one comment: <paramref name="records"/> top-level nodes over the frame, each with
    /// children over a reassembled source of <paramref name="sourceBytes"/> bytes, and grandchildren.
    /// </summary>
    public static FrameAnnotation Large(int records, int sourceBytes = 4096, long frameNumber = 1, string? text = null)
    {
        byte[] bytes = FinishedFrame();
        var frame = DataSource.ForFrame(frameNumber, bytes);
        var reassembled = new DataSource(DataSourceKind.Reassembled, "reassembled:c1:s2c:m4", frameNumber,
            Enumerable.Range(0, sourceBytes).Select(b => (byte)b).ToArray(), "Reassembled handshake message 4");
        var annotation = new FrameAnnotation(frameNumber, frame, Connection(), Direction.ServerToClient);
        for (int i = 0; i < records; i++)
        {
            var node = new AnnotationNode($"record {i}", frame, PayloadOffset, 5, $"value {i}", text ?? $"Explanation of record {i}, long enough to make the body grow quickly: {new string('x', 40)}");
            var child = node.Add(new AnnotationNode($"field {i}", reassembled, i % sourceBytes, 1, $"0x{i % 256:x2}", $"child of record {i}"));
            child.Add(new AnnotationNode($"bit {i}", reassembled, i % sourceBytes, 1, "set", null));
            annotation.Add(node);
        }

        return annotation;
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    private static byte[] Handshake(byte type, byte[] body) => [type, (byte)(body.Length >> 16), .. U16(body.Length), .. body];

    private static byte[] Record(byte type, ushort version, byte[] fragment) => [type, .. U16(version), .. U16(fragment.Length), .. fragment];

    private sealed class NoEvents : ITlsEventSink
    {
    }
}
