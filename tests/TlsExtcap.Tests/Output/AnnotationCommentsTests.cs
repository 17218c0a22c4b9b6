using System.Text;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Dissection;
using TlsExtcap.Output;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Output;

/// <summary>The carrier format v1 encoder, checked by decoding its output (wireshark/README.md).</summary>
public class AnnotationCommentsTests
{
    [Fact]
    public void Encode_FinishedTree_RoundTripsSourcesAndNodes()
    {
        var frame = AnnotationSamples.Finished();

        var comments = AnnotationComments.Encode(frame);
        var decoded = AnnotationCommentDecoder.Decode(comments, frame.FrameSource.Bytes.Length);

        Assert.Single(comments);
        Assert.StartsWith("TlsExtcap-annotations 1 1/1\nS\t1\tdecrypted\tDecrypted TLS record 3 (server → client)\t14000020a0a1", comments[0]);
        var source = Assert.Single(decoded.Sources);
        Assert.Equal((1, DataSourceKind.Decrypted, AnnotationSamples.DecryptedLabel), (source.Index, source.Kind, source.Label));
        Assert.Equal(AnnotationSamples.Plaintext, source.Bytes);
        AssertSameTrees(frame, decoded);
        Assert.False(decoded.Truncated);
    }

    [Fact]
    public void Encode_NodeLines_AreDepthFirstPreOrderWithSourceIndexes()
    {
        var comments = AnnotationComments.Encode(AnnotationSamples.Finished());

        string[] lines = comments[0].Split('\n')[2..];
        string[] expected =
        [
            "N\t0\t0\t54\t58\tnone\tTLS record\tapplication_data, 53 bytes\tA TLS 1.3 record: every record after the ServerHello looks like application data.",
            "N\t1\t0\t54\t1\tnone\topaque_type\tapplication_data (23)\tTLS 1.3 hides the real content type inside the encryption.",
            "N\t1\t0\t55\t2\tnone\tlegacy_record_version\tTLS 1.2 (0x0303)\t",
            "N\t1\t0\t57\t2\tnone\tlength\t53\t",
            "N\t1\t0\t59\t53\tnone\tencrypted_record\t53 bytes\tAEAD ciphertext and its 16-byte tag.",
            "N\t2\t1\t0\t36\tverified\tFinished\tverify_data verified\tHMAC over the transcript hash\\twith the server's finished_key.\\nIt matches: the handshake was not tampered with \\\\ « vérifié » ✓",
            "N\t3\t1\t0\t1\tnone\tmsg_type\tfinished (20)\t",
            "N\t3\t1\t1\t3\tnone\tlength\t32\t",
            "N\t3\t1\t4\t32\tnone\tverify_data\t32 bytes\tHMAC(finished_key, Transcript-Hash).",
            "N\t2\t1\t36\t1\tnone\tContentType\thandshake (22)\tThe real content type, after the plaintext.",
            "N\t0\t0\t54\t5\twarning\tCertificate chain\tnot checked\tNo trust anchors were given.",
            "N\t0\t0\t59\t4\terror\tsignature\tbad signature\tThe CertificateVerify signature does not verify with the certificate's key.",
        ];
        Assert.Equal(expected, lines);
    }

    [Theory]
    [InlineData("tab", "a\tb", @"a\tb")]
    [InlineData("line feed", "a\nb", @"a\nb")]
    [InlineData("carriage return", "a\rb", @"a\rb")]
    [InlineData("backslash", @"a\b", @"a\\b")]
    [InlineData("backslash before t", @"a\tb", @"a\\tb")]
    [InlineData("all of them", "\\\t\n\r", @"\\\t\n\r")]
    [InlineData("non-ASCII", "größe → 🔒", "größe → 🔒")]
    public void Encode_SpecialCharacters_EscapedAndRoundTrip(string label, string text, string escaped)
    {
        _ = label;
        var annotation = new FrameAnnotation(1, DataSource.ForFrame(1, new byte[8]), AnnotationSamples.Connection(), default);
        var source = new DataSource(DataSourceKind.Reassembled, "r", 1, new byte[] { 1, 2 }, text);
        annotation.Add(new AnnotationNode(text, annotation.FrameSource, 0, 1, text, text));
        annotation.Add(new AnnotationNode("n", source, 0, 2));

        var comments = AnnotationComments.Encode(annotation);
        var decoded = AnnotationCommentDecoder.Decode(comments);

        Assert.Contains($"S\t1\treassembled\t{escaped}\t0102\n", comments[0]);
        Assert.Contains($"N\t0\t0\t0\t1\tnone\t{escaped}\t{escaped}\t{escaped}\n", comments[0]);
        Assert.Equal(text, decoded.Sources[0].Label);
        Assert.Equal((text, text, text), (decoded.Nodes[0].Name, decoded.Nodes[0].Value, decoded.Nodes[0].Text));
    }

    [Fact]
    public void Encode_Nul_BecomesSymbolForNull()
    {
        var annotation = new FrameAnnotation(1, DataSource.ForFrame(1, new byte[8]), AnnotationSamples.Connection(), default);
        annotation.Add(new AnnotationNode("a\0b", annotation.FrameSource, 0, 1));

        var decoded = AnnotationCommentDecoder.Decode(AnnotationComments.Encode(annotation));

        Assert.Equal("a\u2400b", decoded.Nodes[0].Name);
    }

    [Fact]
    public void Encode_EmptyValueAndText_AreEmptyFieldsAndDecodeAsNull()
    {
        var annotation = new FrameAnnotation(1, DataSource.ForFrame(1, new byte[8]), AnnotationSamples.Connection(), default);
        annotation.Add(new AnnotationNode("bare", annotation.FrameSource, 2, 3));

        var comments = AnnotationComments.Encode(annotation);
        var node = AnnotationCommentDecoder.Decode(comments).Nodes[0];

        Assert.Equal("TlsExtcap-annotations 1 1/1\nN\t0\t0\t2\t3\tnone\tbare\t\t", comments[0]);
        Assert.Null(node.Value);
        Assert.Null(node.Text);
    }

    [Fact]
    public void Encode_NoNodes_NoComments()
    {
        var annotation = new FrameAnnotation(1, DataSource.ForFrame(1, new byte[8]), AnnotationSamples.Connection(), default);

        Assert.Empty(AnnotationComments.Encode(annotation));
    }

    [Fact]
    public void Encode_LargeTree_SplitsOnLineBoundariesIntoPartsOf60000Bytes()
    {
        var frame = AnnotationSamples.Large(700);

        var comments = AnnotationComments.Encode(frame);

        Assert.True(comments.Count >= 3, $"{comments.Count} parts");
        for (int i = 0; i < comments.Count; i++)
        {
            string header = $"TlsExtcap-annotations 1 {i + 1}/{comments.Count}\n";
            Assert.StartsWith(header, comments[i]);
            Assert.True(Encoding.UTF8.GetByteCount(comments[i]) <= 60_000, $"part {i + 1}: {Encoding.UTF8.GetByteCount(comments[i])} bytes");
            string chunk = comments[i][header.Length..];
            Assert.True(chunk.StartsWith("S\t", StringComparison.Ordinal) || chunk.StartsWith("N\t", StringComparison.Ordinal), $"part {i + 1} starts mid-line");
            if (i < comments.Count - 1)
            {
                Assert.EndsWith("\n", chunk);
            }
        }

        Assert.True(comments.Sum(c => Encoding.UTF8.GetByteCount(c)) <= AnnotationComments.DefaultBudgetBytes);
        AssertSameTrees(frame, AnnotationCommentDecoder.Decode(comments));
    }

    [Fact]
    public void Encode_PartsInAnyOrder_DecodeToTheSameTree()
    {
        var frame = AnnotationSamples.Large(700);
        var comments = AnnotationComments.Encode(frame);

        var decoded = AnnotationCommentDecoder.Decode(comments.Reverse().Prepend("TlsExtcap: TLS 1.3 | 1 record").Append("a user's comment"));

        AssertSameTrees(frame, decoded);
        Assert.Equal(["TlsExtcap: TLS 1.3 | 1 record"], decoded.Summaries);
    }

    [Fact]
    public void Encode_OverlongLines_SplitInsideWithoutBreakingCharacters()
    {
        // A 40,000-byte source (80,000 hex digits) and a 70,000-character text of 2-, 3- and 4-byte characters.
        var annotation = new FrameAnnotation(1, DataSource.ForFrame(1, new byte[8]), AnnotationSamples.Connection(), default);
        var source = new DataSource(DataSourceKind.Reassembled, "r", 1, Enumerable.Range(0, 40_000).Select(b => (byte)b).ToArray(), "Reassembled Certificate");
        string text = string.Concat(Enumerable.Repeat("é€🔒", 17_500));
        annotation.Add(new AnnotationNode("Certificate", source, 0, 40_000, "40000 bytes", text));

        var comments = AnnotationComments.Encode(annotation, budgetBytes: 400_000);
        var decoded = AnnotationCommentDecoder.Decode(comments);

        Assert.True(comments.Count >= 4, $"{comments.Count} parts");
        Assert.All(comments, c => Assert.True(Encoding.UTF8.GetByteCount(c) <= 60_000));
        Assert.All(comments, c => Assert.Equal(c, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(c))));
        Assert.Equal(source.Bytes.ToArray(), decoded.Sources[0].Bytes);
        Assert.Equal(text, decoded.Nodes[0].Text);
    }

    [Fact]
    public void Encode_BudgetTooSmallForHex_SourcesWithoutBytesAllNodesKept()
    {
        var frame = AnnotationSamples.Large(50, sourceBytes: 30_000);
        int withoutHex = AnnotationComments.Encode(AnnotationSamples.Large(50, sourceBytes: 30_000), 1_000_000).Sum(c => c.Length) - 60_000;

        var comments = AnnotationComments.Encode(frame, budgetBytes: withoutHex + 1_000);
        var decoded = AnnotationCommentDecoder.Decode(comments);

        Assert.Null(Assert.Single(decoded.Sources).Bytes);
        Assert.Equal("Reassembled handshake message 4", decoded.Sources[0].Label);
        Assert.False(decoded.Truncated);
        AssertSameTrees(frame, decoded);
    }

    [Fact]
    public void Encode_BudgetForSomeHex_LargestSourceLosesItsBytesFirst()
    {
        var annotation = new FrameAnnotation(1, DataSource.ForFrame(1, new byte[8]), AnnotationSamples.Connection(), default);
        var small = new DataSource(DataSourceKind.Decrypted, "d", 1, new byte[100], "small");
        var large = new DataSource(DataSourceKind.Reassembled, "r", 1, new byte[10_000], "large");
        annotation.Add(new AnnotationNode("a", large, 0, 1));
        annotation.Add(new AnnotationNode("b", small, 0, 1));

        var decoded = AnnotationCommentDecoder.Decode(AnnotationComments.Encode(annotation, budgetBytes: 2_000));

        Assert.Null(decoded.Source(1).Bytes);
        Assert.Equal(100, decoded.Source(2).Bytes!.Length);
        Assert.False(decoded.Truncated);
    }

    [Theory]
    [InlineData(2_000)]
    [InlineData(10_000)]
    [InlineData(61_000)]
    [InlineData(150_000)]
    public void Encode_BudgetTooSmallForNodes_PrefixOfTreeAndTruncationNotice(int budget)
    {
        var frame = AnnotationSamples.Large(1500);
        var all = frame.Nodes.SelectMany(n => n.Descendants()).ToList();

        var comments = AnnotationComments.Encode(frame, budget);
        var decoded = AnnotationCommentDecoder.Decode(comments);

        Assert.True(comments.Sum(c => Encoding.UTF8.GetByteCount(c)) <= budget);
        Assert.True(decoded.Truncated);
        var notice = decoded.Nodes[^1];
        Assert.Equal(("annotations truncated", AnnotationSeverity.Warning, 0, 0), (notice.Name, notice.Severity, notice.Depth, notice.Source));
        var kept = decoded.Descendants().SkipLast(1).ToList();
        Assert.NotEmpty(kept);
        Assert.Equal($"{all.Count - kept.Count} of {all.Count} fields not shown", notice.Value);
        Assert.Equal(all.Take(kept.Count).Select(n => n.Name), kept.Select(n => n.Name));
        Assert.Null(Assert.Single(decoded.Sources).Bytes);

        // Nearly the most that fits: one more node would not.
        int used = comments.Sum(c => Encoding.UTF8.GetByteCount(c));
        Assert.True(budget - used < 300, $"{budget - used} bytes left unused");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Encode_BudgetBelowTheNotice_NoComments(int budget)
    {
        Assert.Empty(AnnotationComments.Encode(AnnotationSamples.Large(10), budget));
    }

    [Fact]
    public void Encode_BudgetForOnlyTheNotice_NoticeAlone()
    {
        var comments = AnnotationComments.Encode(AnnotationSamples.Large(10), 420);
        var decoded = AnnotationCommentDecoder.Decode(comments);

        Assert.Equal(["annotations truncated"], decoded.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void BudgetFor_MaximalFrameAndSummary_EnhancedPacketBlockFitsThePipe()
    {
        byte[] data = new byte[65_535];
        string summary = "TlsExtcap: TLS 1.3 TLS_AES_256_GCM_SHA384 | " + new string('x', 2_000);
        int budget = AnnotationComments.BudgetFor(data.Length, [summary]);
        var comments = AnnotationComments.Encode(AnnotationSamples.Large(3_000, sourceBytes: 16_384), budget);

        using var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            writer.AddInterface(LinkType.Ethernet);
            long before = stream.Length;
            writer.WritePacket(0, 0, data, comments: comments.Prepend(summary));
            writer.Flush();
            long block = stream.Length - before;
            Assert.True(block <= 262_144, $"{block} bytes");
            Assert.True(block > 262_144 - 1_000, $"{block} bytes: the budget wastes room");
        }

        Assert.True(AnnotationCommentDecoder.Decode(comments).Truncated);
    }

    [Fact]
    public void BudgetFor_SmallFrame_DefaultBudget()
    {
        Assert.Equal(AnnotationComments.DefaultBudgetBytes, AnnotationComments.BudgetFor(1514, ["TlsExtcap: TLS 1.3 | 1 record"]));
    }

    private static void AssertSameTrees(FrameAnnotation expected, DecodedAnnotations actual)
    {
        var sources = expected.ExtraSources();
        var expectedNodes = expected.Nodes.SelectMany(n => n.Descendants()).ToList();
        var actualNodes = actual.Descendants().ToList();
        Assert.Equal(expectedNodes.Count, actualNodes.Count);
        for (int i = 0; i < expectedNodes.Count; i++)
        {
            var e = expectedNodes[i];
            int source = ReferenceEquals(e.Source, expected.FrameSource) ? 0 : sources.ToList().IndexOf(e.Source) + 1;
            Assert.Equal(
                (e.Name, e.Value, e.Text, e.Severity, source, e.Offset, e.Length, e.Children.Count),
                (actualNodes[i].Name, actualNodes[i].Value, actualNodes[i].Text, actualNodes[i].Severity, actualNodes[i].Source, actualNodes[i].Offset, actualNodes[i].Length, actualNodes[i].Children.Count));
        }

        Assert.Equal(sources.Select(s => s.Description), actual.Sources.Select(s => s.Label));
    }
}
