using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Tests.Support;
using TlsExtcap.Core.Tls;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tests.Dissection;

/// <summary>
/// Malformed bytes never escape a dissector as anything but <see cref="TlsDecodeException"/>, and never crash
/// the annotation of a capture: every truncated prefix of every handshake message body of real captures, and
/// random byte flips of whole frames.
/// </summary>
public sealed class DissectorRobustnessTests
{
    public static TheoryData<string, string> Captures() => new()
    {
        { "seed/capture.pcap", "seed/keylog.txt" },
        { "generated/tls12-ecdhe-aes128gcm.pcapng", "generated/tls12-ecdhe-aes128gcm.keylog" },
        { "generated/tls12-rsa-kx.pcapng", "generated/tls12-rsa-kx.keylog" },
        { "generated/tls13-resumption.pcapng", "generated/tls13-resumption.keylog" },
        { "generated/tls13-hrr.pcapng", "generated/tls13-hrr.keylog" },
        { "generated/dtls12.pcapng", "generated/dtls12.keylog" },
    };

    [Theory]
    [MemberData(nameof(Captures))]
    public void Dissect_EveryTruncatedPrefixOfEveryMessageBody_ThrowsOnlyTlsDecodeException(string capture, string keyLog)
    {
        var frames = CaptureAnnotations.Annotate(TestFiles.Path(capture.Split('/')), TestFiles.Path(keyLog.Split('/')));
        var first = frames.First();
        var registry = DissectorRegistry.CreateDefault();
        int checkedBodies = 0;
        foreach (var frame in frames)
        {
            foreach (var message in frame.Nodes.SelectMany(n => n.Descendants()).Where(n => n.Children.Count > 0 && n.Children[0].Name == "Handshake Header"))
            {
                int header = message.Children[0].Length;
                var type = (HandshakeType)message.Bytes[0];
                if (!registry.HandshakeTypes.TryGet(type, out var dissector))
                {
                    continue;
                }

                byte[] body = message.Bytes[header..].ToArray();
                var context = new DissectionContext(frame.Connection, frame.Direction, frame.Frame, registry)
                {
                    Version = frame.Connection.Version,
                    CipherSuite = frame.Connection.CipherSuite,
                    Message = type,
                };
                for (int length = 0; length < body.Length; length++)
                {
                    var source = new DataSource(DataSourceKind.Reassembled, "test", frame.Frame, body.AsMemory(0, length), "prefix");
                    var node = new AnnotationNode(type.ToString(), source, 0, length);
                    var reader = FieldReader.Over(node, type.ToString());
                    try
                    {
                        dissector.Dissect(ref reader, context);
                    }
                    catch (TlsDecodeException)
                    {
                    }
                }

                checkedBodies++;
            }
        }

        Assert.True(checkedBodies >= 4, $"only {checkedBodies} message bodies found in {capture}");
        _ = first;
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Annotate_RandomByteFlips_NeverThrowsAndKeepsNodesInBounds(string capture, string keyLog)
    {
        var random = new Random(20261202);
        for (int round = 0; round < 40; round++)
        {
            var frames = CaptureAnnotations.Annotate(TestFiles.Path(capture.Split('/')), TestFiles.Path(keyLog.Split('/')), mutate: (_, bytes) =>
            {
                int flips = random.Next(0, 4);
                for (int i = 0; i < flips && bytes.Length > 54; i++)
                {
                    // Leave the link, IP and TCP/UDP headers mostly alone so the flips reach TLS.
                    bytes[random.Next(54, bytes.Length)] ^= (byte)random.Next(1, 256);
                }
            });
            foreach (var node in frames.SelectMany(f => f.Nodes).SelectMany(n => n.Descendants()))
            {
                Assert.InRange(node.Offset + node.Length, 0, node.Source.Bytes.Length);
            }
        }
    }
}
