using System.Text.Json;
using System.Text.RegularExpressions;
using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Tests.Support;

namespace TlsExtcap.Core.Tests.Dissection;

/// <summary>
/// The acceptance case of the annotations: every byte segment the seed article explains
/// (TestData/seed/annotated-segments.json) is covered by a node whose bytes are exactly that segment.
/// </summary>
public sealed class SeedAnnotationTests
{
    private static readonly Lazy<List<FrameAnnotation>> Frames = new(() =>
        CaptureAnnotations.Annotate(TestFiles.Path("seed", "capture.pcap"), TestFiles.Path("seed", "keylog.txt")));

    public static TheoryData<int, string, string> Segments()
    {
        var data = new TheoryData<int, string, string>();
        using var json = JsonDocument.Parse(File.ReadAllText(TestFiles.Path("seed", "annotated-segments.json")));
        int index = 0;
        foreach (var segment in json.RootElement.EnumerateArray())
        {
            data.Add(index++, $"{segment.GetProperty("message").GetString()} / {segment.GetProperty("segment").GetString()}", segment.GetProperty("hex").GetString()!);
        }

        return data;
    }

    /// <summary>
    /// Where the article's hex is not the capture's bytes. Its Certificate "Handshake Header" leaves out the
    /// one-byte certificate_request_context (00, RFC 8446 §4.4.2) between the handshake header 0b000fbb and the
    /// certificate_list length 000fb7; the capture has it (tshark shows it too).
    /// </summary>
    private static readonly Dictionary<string, string> Errata = new()
    {
        ["0b000fbb000fb700052a..000000051a..0000000564..000016"] = "0b000fbb00000fb700052a..000000051a..0000000564..000016",
    };

    [Fact]
    public void Errata_Certificate_ContextByteIsInTheCapture()
    {
        var certificate = Frames.Value.SelectMany(f => f.Nodes).SelectMany(n => n.Descendants()).First(n => n.Name == "Certificate");
        Assert.Equal("0b000fbb00000fb700052a", HexText.Plain(certificate.Bytes[..11]));
    }

    [Fact]
    public void Segments_File_HoldsTheArticles77Segments() => Assert.Equal(77, Segments().Count);

    /// <summary>
    /// A segment matches a node whose hex is exactly the segment's. For segments with ".." elisions, the node's
    /// hex must start with the first visible part, end with the last and hold the others in order. The article
    /// draws two segments across two neighbouring fields — ServerHello "Random" (legacy_version + random) and
    /// "Subject Public Key Info" (the SPKI SEQUENCE header + its AlgorithmIdentifier) — so a run of consecutive
    /// sibling nodes whose bytes join to the segment counts too.
    /// </summary>
    [Theory]
    [MemberData(nameof(Segments))]
    public void Explain_SeedSegment_IsCoveredByANode(int index, string label, string hex)
    {
        var nodes = Frames.Value.SelectMany(f => f.Nodes).SelectMany(n => n.Descendants()).ToList();
        string[] parts = (Errata.TryGetValue(hex, out string? corrected) ? corrected : hex).ToLowerInvariant().Split("..");
        bool covered = parts.Length == 1
            ? nodes.Any(n => HexText.Plain(n.Bytes) == parts[0]) || SiblingRunMatches(nodes, parts[0])
            : nodes.Any(n => ElidedMatch(HexText.Plain(n.Bytes), parts));
        Assert.True(covered, $"segment {index} ({label}) {hex} is not covered by any node");
    }

    [Fact]
    public void Explain_SeedFinishedMessages_AreBothVerified()
    {
        var finished = Frames.Value.SelectMany(f => f.Nodes).SelectMany(n => n.Descendants())
            .Where(n => n.Name == "Verify Data").ToList();
        Assert.Equal(2, finished.Count);
        Assert.All(finished, n =>
        {
            Assert.Equal("verified", n.Value);
            Assert.Equal(AnnotationSeverity.Verified, n.Severity);
        });
    }

    [Fact]
    public void Explain_SeedWithoutKeys_MarksFinishedRecordsUndecrypted()
    {
        var frames = CaptureAnnotations.Annotate(TestFiles.Path("seed", "capture.pcap"), keyLog: null);
        var nodes = frames.SelectMany(f => f.Nodes).SelectMany(n => n.Descendants()).ToList();
        Assert.DoesNotContain(nodes, n => n.Name == "Verify Data");
        Assert.Contains(nodes, n => n.Name == "Encrypted Data" && n.Value!.Contains("no keys", StringComparison.Ordinal));
        // The ClientHello is in clear text: still annotated in full.
        Assert.Contains(nodes, n => n.Name == "Extension: key_share");
    }

    [Fact]
    public void Explain_SeedNodes_StayInsideTheirSourcesAndNestInsideParents()
    {
        foreach (var node in Frames.Value.SelectMany(f => f.Nodes).SelectMany(n => n.Descendants()))
        {
            Assert.InRange(node.Offset + node.Length, 0, node.Source.Bytes.Length);
            foreach (var child in node.Children.Where(c => ReferenceEquals(c.Source, node.Source)))
            {
                Assert.True(child.Offset >= node.Offset && child.Offset + child.Length <= node.Offset + node.Length,
                    $"{child.Name} [{child.Offset}+{child.Length}] is outside {node.Name} [{node.Offset}+{node.Length}]");
            }
        }
    }

    [Fact]
    public void Explain_SeedFrames_AreTheFiveTlsFrames()
    {
        // tshark -Y tls lists frames 8, 10, 12, 14 and 16 of the seed capture.
        Assert.Equal([8L, 10, 12, 14, 16], Frames.Value.Select(f => f.Frame).Distinct().Order().ToArray());
    }

    private static bool ElidedMatch(string candidate, string[] parts)
    {
        var pattern = "^" + string.Join(".*", parts.Select(Regex.Escape)) + "$";
        return Regex.IsMatch(candidate, pattern);
    }

    private static bool SiblingRunMatches(List<AnnotationNode> nodes, string hex)
    {
        foreach (var parent in nodes)
        {
            var children = parent.Children;
            for (int start = 0; start < children.Count; start++)
            {
                string joined = string.Empty;
                for (int end = start; end < children.Count && joined.Length < hex.Length; end++)
                {
                    if (end > start && (!ReferenceEquals(children[end].Source, children[start].Source)
                        || children[end].Offset != children[end - 1].Offset + children[end - 1].Length))
                    {
                        break;
                    }

                    joined += HexText.Plain(children[end].Bytes);
                    if (end > start && joined == hex)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
