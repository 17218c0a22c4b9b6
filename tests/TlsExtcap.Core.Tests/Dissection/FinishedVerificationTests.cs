using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Tests.Support;

namespace TlsExtcap.Core.Tests.Dissection;

/// <summary>
/// Finished verify_data recomputed by the annotations (RFC 8446 §4.4.4, RFC 5246 §7.4.9) over the generated
/// captures of real stacks: every TLS/DTLS version and handshake shape the project decrypts.
/// </summary>
public sealed class FinishedVerificationTests
{
    public static TheoryData<string, string, int> Captures() => new()
    {
        { "tls13-aes128gcm", "tls13-aes128gcm.keylog", 2 },
        { "tls13-chacha20", "tls13-chacha20.keylog", 2 },
        { "tls13-aes128ccm8", "tls13-aes128ccm8.keylog", 2 },
        { "tls13-hrr", "tls13-hrr.keylog", 2 },
        { "tls13-resumption", "tls13-resumption.keylog", 4 },
        { "tls13-early-data", "tls13-early-data.keylog", 4 },
        { "tls13-keyupdate", "tls13-keyupdate.keylog", 2 },
        { "gnutls-tls13", "gnutls-tls13.keylog", 2 },
        { "tls12-ecdhe-aes128gcm", "tls12-ecdhe-aes128gcm.keylog", 2 },
        { "tls12-ecdhe-chacha20", "tls12-ecdhe-chacha20.keylog", 2 },
        { "tls12-cbc-sha-no-etm", "tls12-cbc-sha-no-etm.keylog", 2 },
        { "tls12-cbc-sha256-etm", "tls12-cbc-sha256-etm.keylog", 2 },
        { "tls12-renegotiation", "tls12-renegotiation.keylog", 4 },
        { "tls12-resumption-sessionid", "tls12-resumption-sessionid.keylog", 4 },
        { "tls12-resumption-ticket", "tls12-resumption-ticket.keylog", 4 },
        { "tls10-cbc", "tls10-cbc.keylog", 2 },
        { "dtls12", "dtls12.keylog", 2 },
    };

    [Theory]
    [MemberData(nameof(Captures))]
    public void Explain_GeneratedCapture_EveryFinishedVerifies(string capture, string keyLog, int expected)
    {
        var frames = CaptureAnnotations.Annotate(TestFiles.Path("generated", capture + ".pcapng"), TestFiles.Path("generated", keyLog));
        var finished = frames.SelectMany(f => f.Nodes).SelectMany(n => n.Descendants()).Where(n => n.Name == "Verify Data").ToList();
        Assert.Equal(expected, finished.Count);
        Assert.All(finished, n => Assert.Equal("verified", n.Value));
    }

    [Fact]
    public void Explain_ClientHelloChangedOnTheWire_FinishedIsAMismatch()
    {
        // Frame 8 holds the ClientHello; change one byte of its legacy_session_id (in the frame:
        // 14 Ethernet + 20 IP + 32 TCP + 5 record + 4 handshake + 2 version + 32 random bytes, then the length
        // byte). The key log still decrypts everything, but the transcript no longer matches what the peers hashed.
        var frames = CaptureAnnotations.Annotate(TestFiles.Path("seed", "capture.pcap"), TestFiles.Path("seed", "keylog.txt"),
            mutate: (number, bytes) =>
            {
                if (number == 8)
                {
                    bytes[14 + 20 + 32 + 5 + 4 + 2 + 32 + 1] ^= 0xff;
                }
            });
        var finished = frames.SelectMany(f => f.Nodes).SelectMany(n => n.Descendants()).Where(n => n.Name == "Verify Data").ToList();
        Assert.Equal(2, finished.Count);
        Assert.All(finished, n =>
        {
            Assert.Equal("mismatch (wrong keys?)", n.Value);
            Assert.Equal(AnnotationSeverity.Error, n.Severity);
        });
    }

    [Fact]
    public void Explain_ApplicationSecretsOnly_FinishedIsNotDecrypted()
    {
        string keys = Path.Combine(Path.GetTempPath(), $"tlsextcap-app-only-{Guid.NewGuid():N}.keylog");
        File.WriteAllLines(keys, File.ReadAllLines(TestFiles.Path("seed", "keylog.txt")).Where(l => l.Contains("_TRAFFIC_SECRET_0", StringComparison.Ordinal)));
        try
        {
            var frames = CaptureAnnotations.Annotate(TestFiles.Path("seed", "capture.pcap"), keys);
            var nodes = frames.SelectMany(f => f.Nodes).SelectMany(n => n.Descendants()).ToList();
            Assert.DoesNotContain(nodes, n => n.Name == "Verify Data");
            // The application data still decrypts (the core's application-secrets-only path).
            Assert.Contains(nodes, n => n.Name == "Data" && HexText.Plain(n.Bytes) == "deadbeef");
        }
        finally
        {
            File.Delete(keys);
        }
    }
}
