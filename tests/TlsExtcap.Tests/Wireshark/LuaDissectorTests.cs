using System.Text.Json;
using System.Xml.Linq;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Wireshark;

/// <summary>
/// wireshark/tlsextcap.lua in the real tshark (4.0 here): the comments of <see cref="AnnotatedCapture"/>
/// become a "TLS annotations" tree with filterable fields, byte ranges in the frame and in a decrypted
/// tab, and error items (never Lua errors) for damaged comments.
/// </summary>
public class LuaDissectorTests : IClassFixture<AnnotatedCapture>
{
    private static readonly string[] FinishedNames =
    [
        "TLS record", "opaque_type", "legacy_record_version", "length", "encrypted_record",
        "Finished", "msg_type", "length", "verify_data", "ContentType", "Certificate chain", "signature",
    ];

    private readonly AnnotatedCapture _capture;

    public LuaDissectorTests(AnnotatedCapture capture)
    {
        _capture = capture;
    }

    [Fact]
    public void Verbose_WholeCapture_NoLuaErrorAndEveryAnnotatedFrameHasATree()
    {
        string output = _capture.Lua("-V");

        Assert.Equal(AnnotatedCapture.AnnotatedFrames, output.Split('\n').Count(line => line == "TLS annotations"));
    }

    [Fact]
    public void Fields_FinishedFrame_NamesAndValuesInTreeOrder()
    {
        string output = _capture.Lua("-Y", $"frame.number == {AnnotatedCapture.Finished}", "-T", "fields",
            "-E", "aggregator=|", "-e", "tlsextcap.summary", "-e", "tlsextcap.name", "-e", "tlsextcap.value");

        string[] columns = output.TrimEnd('\n').Split('\t');
        Assert.Equal(AnnotatedCapture.FinishedSummary, columns[0]);
        Assert.Equal(FinishedNames, columns[1].Split('|'));
        Assert.Equal(
            ["application_data, 53 bytes", "application_data (23)", "TLS 1.2 (0x0303)", "53", "53 bytes", "verify_data verified",
             "finished (20)", "32", "32 bytes", "handshake (22)", "not checked", "bad signature"],
            columns[2].Split('|'));
    }

    [Fact]
    public void Filter_NameAndValue_SelectsFramesWithAVerifiedFinished()
    {
        string output = _capture.Lua("-Y", "tlsextcap.name == \"Finished\" && tlsextcap.value contains \"verified\"", "-T", "fields", "-e", "frame.number");

        Assert.Equal([AnnotatedCapture.Finished, AnnotatedCapture.HexDropped], Numbers(output));
    }

    [Fact]
    public void Filter_TextAndSummary_AreFilterable()
    {
        string byText = _capture.Lua("-Y", "tlsextcap.text contains \"vérifié\"", "-T", "fields", "-e", "frame.number");
        string bySummary = _capture.Lua("-Y", "tlsextcap.summary contains \"no keys\"", "-T", "fields", "-e", "frame.number");

        Assert.Equal([AnnotatedCapture.Finished, AnnotatedCapture.HexDropped], Numbers(byText));
        Assert.Equal([AnnotatedCapture.SummaryOnly], Numbers(bySummary));
    }

    [Fact]
    public void Pdml_FinishedFrame_TreeNesting()
    {
        var tree = AnnotationTree(Pdml(AnnotatedCapture.Finished));

        Assert.Equal("TLS annotations", tree.Attribute("showname")?.Value);
        Assert.Equal(
            "TLS record(opaque_type legacy_record_version length encrypted_record(Finished(msg_type length verify_data) ContentType)) Certificate chain signature",
            Shape(tree));
    }

    [Fact]
    public void Pdml_FrameSourcedNodes_PositionAndSizeInTheFrame()
    {
        var nodes = Nodes(AnnotationTree(Pdml(AnnotatedCapture.Finished)));

        (string, string?, string?)[] expected =
        [
            ("TLS record", "54", "58"), ("opaque_type", "54", "1"), ("legacy_record_version", "55", "2"), ("length", "57", "2"),
            ("encrypted_record", "59", "53"), ("Certificate chain", "54", "5"), ("signature", "59", "4"),
        ];
        Assert.Equal(expected, nodes.Where(n => expected.Any(e => e.Item1 == Show(n)) && n.Parent!.Attribute("show")?.Value != "Finished")
            .Select(n => (Show(n), n.Attribute("pos")?.Value, n.Attribute("size")?.Value)));
        Assert.Equal("170303", nodes.First(n => Show(n) == "TLS record").Attribute("value")!.Value[..6]);
    }

    [Fact]
    public void Pdml_DecryptedNodes_BytesFromTheDecryptedTab()
    {
        var nodes = Nodes(AnnotationTree(Pdml(AnnotatedCapture.Finished)));
        string plaintext = Convert.ToHexStringLower(AnnotationSamples.Plaintext);

        // PDML's pos is not the offset in a data source other than the frame, but value is read from it.
        var expected = new (string, string, int, int)[]
        {
            ("Finished", "decrypted", 0, 36), ("msg_type", "decrypted", 0, 1), ("verify_data", "decrypted", 4, 32), ("ContentType", "decrypted", 36, 1),
        };
        foreach (var (name, _, offset, length) in expected)
        {
            var node = nodes.First(n => Show(n) == name);
            Assert.Equal(length.ToString(), node.Attribute("size")?.Value);
            Assert.Equal(plaintext.Substring(offset * 2, length * 2), node.Attribute("value")?.Value);
            Assert.Equal(AnnotationSamples.DecryptedLabel, Child(node, "tlsextcap.source")?.Attribute("show")?.Value);
        }
    }

    [Fact]
    public void HexDump_DecryptedSource_OneTabNamedAfterItsLabel()
    {
        string output = _capture.Lua("-Y", $"frame.number == {AnnotatedCapture.Finished}", "-x");

        Assert.Single(output.Split('\n'), line => line == $"{AnnotationSamples.DecryptedLabel} (37 bytes):");
        Assert.Contains("0000  14 00 00 20 a0 a1 a2 a3", output);
    }

    [Fact]
    public void Json_Explanation_ExactTextWithEscapesAndNonAscii()
    {
        string output = _capture.Lua("-Y", $"frame.number == {AnnotatedCapture.Finished}", "-T", "json");

        using var json = JsonDocument.Parse(output);
        var texts = Values(json.RootElement, "tlsextcap.text").ToList();
        Assert.Contains(AnnotationSamples.FinishedText, texts);
        Assert.Equal(8, texts.Count);
    }

    [Fact]
    public void Verbose_Explanation_FirstChildWrappedOnLineBreaks()
    {
        string output = _capture.Lua("-Y", $"frame.number == {AnnotatedCapture.Finished}", "-V", "-O", "tlsextcap");

        string[] lines = output.Split('\n').Select(l => l.Trim()).ToArray();
        int finished = Array.IndexOf(lines, "Finished: verify_data verified");
        Assert.True(finished > 0, output);
        Assert.Equal("Explanation: HMAC over the transcript hash with the server's finished_key.", lines[finished + 1]);
        Assert.Equal("It matches: the handshake was not tampered with \\ « vérifié » ✓", lines[finished + 2]);
        Assert.Equal("[Severity: verified]", lines[finished + 3]);
        Assert.Equal("[Verified: True]", lines[finished + 4]);
        Assert.Equal("msg_type: finished (20)", lines[finished + 5]);
        Assert.Contains("TLS annotations", lines);
        Assert.Contains(AnnotatedCapture.FinishedSummary, lines);
    }

    [Fact]
    public void Severity_VerifiedWarningError_FieldsAndExpertInfo()
    {
        string severities = _capture.Lua("-Y", $"frame.number == {AnnotatedCapture.Finished}", "-T", "fields", "-e", "tlsextcap.severity", "-e", "tlsextcap.verified");
        string verified = _capture.Lua("-Y", "tlsextcap.verified", "-T", "fields", "-e", "frame.number");
        string errors = _capture.Lua("-Y", "tlsextcap.severity == \"error\" && tlsextcap.check_failed", "-T", "fields", "-e", "frame.number");
        string warnings = _capture.Lua("-Y", "tlsextcap.check_warning", "-T", "fields", "-e", "frame.number");
        string expert = _capture.Lua("-Y", $"frame.number == {AnnotatedCapture.Finished}", "-T", "fields", "-e", "_ws.expert.message");

        Assert.Equal("verified,warning,error\t1", severities.TrimEnd('\n'));
        Assert.Equal([AnnotatedCapture.Finished, AnnotatedCapture.HexDropped], Numbers(verified));
        Assert.Equal([AnnotatedCapture.Finished, AnnotatedCapture.HexDropped], Numbers(errors));
        Assert.Equal([AnnotatedCapture.Finished, AnnotatedCapture.HexDropped, AnnotatedCapture.Truncated], Numbers(warnings));
        Assert.Contains("signature: bad signature — The CertificateVerify signature does not verify with the certificate's key.", expert);
    }

    [Fact]
    public void MultiPart_PartsInReverseOrder_EveryNodeUnderItsParent()
    {
        Assert.True(_capture.MultiPartComments.Count >= 3, $"{_capture.MultiPartComments.Count} parts");
        var tree = AnnotationTree(Pdml(AnnotatedCapture.MultiPart));

        var records = tree.Elements("field").Where(f => f.Attribute("name")?.Value == "tlsextcap.name").ToList();
        Assert.Equal(AnnotatedCapture.MultiPartRecords, records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal($"record {i}", Show(records[i]));
            var field = Assert.Single(Nodes(records[i]).Where(n => n.Parent == records[i]));
            Assert.Equal($"field {i}", Show(field));
            Assert.Equal($"bit {i}", Show(Assert.Single(Nodes(field).Where(n => n.Parent == field))));
        }

        Assert.Empty(tree.Descendants("field").Where(f => f.Attribute("name")?.Value == "tlsextcap.error"));
    }

    [Fact]
    public void Budget_HexDropped_DecryptedNodesWithoutRangeAndNoTab()
    {
        var nodes = Nodes(AnnotationTree(Pdml(AnnotatedCapture.HexDropped)));
        string hex = _capture.Lua("-Y", $"frame.number == {AnnotatedCapture.HexDropped}", "-x");

        Assert.Equal(FinishedNames, nodes.Select(Show));
        Assert.Equal("0", nodes.First(n => Show(n) == "Finished").Attribute("size")?.Value);
        Assert.Equal("58", nodes.First(n => Show(n) == "TLS record").Attribute("size")?.Value);
        Assert.DoesNotContain("Decrypted TLS record", hex);
    }

    [Fact]
    public void Budget_Truncated_NoticeIsTheLastTopLevelItemWithAWarning()
    {
        var tree = AnnotationTree(Pdml(AnnotatedCapture.Truncated));

        var last = tree.Elements("field").Last(f => f.Attribute("name")?.Value == "tlsextcap.name");
        Assert.Equal("annotations truncated", Show(last));
        Assert.StartsWith("annotations truncated: ", last.Attribute("showname")?.Value);
        Assert.Equal("warning", Child(last, "tlsextcap.severity")?.Attribute("show")?.Value);
        Assert.NotNull(last.Descendants("field").FirstOrDefault(f => f.Attribute("name")?.Value == "tlsextcap.check_warning"));
    }

    [Fact]
    public void MissingPart_ErrorItemAndTheOtherPartsShown()
    {
        string output = _capture.Lua("-Y", $"frame.number == {AnnotatedCapture.MissingPart}", "-T", "fields", "-E", "aggregator=|",
            "-e", "tlsextcap.error", "-e", "tlsextcap.name", "-e", "tlsextcap.malformed");

        string[] columns = output.TrimEnd('\n').Split('\t');
        Assert.Contains($"annotation part 2 of {_capture.MultiPartComments.Count} is missing", columns[0].Split('|'));
        int shown = columns[1].Split('|').Length;
        Assert.InRange(shown, 1000, (3 * AnnotatedCapture.MultiPartRecords) - 100);
        Assert.Contains("record 0", columns[1].Split('|'));
        Assert.NotEqual(string.Empty, columns[2]);
    }

    [Theory]
    [InlineData(AnnotatedCapture.BadVersion, "annotation format version 2 is not known")]
    [InlineData(AnnotatedCapture.BadNodeLine, "malformed node line")]
    [InlineData(AnnotatedCapture.UnknownSource, "data source 3 is not defined")]
    [InlineData(AnnotatedCapture.BadHex, "data source 1 has malformed hex")]
    [InlineData(AnnotatedCapture.DuplicatePart, "annotation part 1 appears twice")]
    [InlineData(AnnotatedCapture.OutsideTheFrame, "bytes 500+5 are not in data source 0")]
    public void Malformed_Comments_ErrorItemNotLuaError(int frame, string error)
    {
        string output = _capture.Lua("-Y", $"frame.number == {frame}", "-T", "fields", "-e", "tlsextcap.error", "-e", "tlsextcap.name");

        Assert.Contains(error, output);
    }

    [Fact]
    public void Malformed_BadNodeLine_TheGoodLinesAroundItShown()
    {
        string output = _capture.Lua("-Y", $"frame.number == {AnnotatedCapture.BadNodeLine}", "-T", "fields", "-e", "tlsextcap.name");

        Assert.Equal("good,good again", output.TrimEnd('\n'));
    }

    [Fact]
    public void NoComments_NoAnnotationTree()
    {
        string output = _capture.Lua("-Y", "tlsextcap", "-T", "fields", "-e", "frame.number");

        Assert.DoesNotContain(AnnotatedCapture.NoComments, Numbers(output));
        Assert.Equal(AnnotatedCapture.AnnotatedFrames, Numbers(output).Count);
    }

    [Fact]
    public void SummaryOnly_SummaryVersionAndSuiteFields()
    {
        string output = _capture.Lua("-Y", $"frame.number == {AnnotatedCapture.SummaryOnly}", "-T", "fields",
            "-e", "tlsextcap.summary", "-e", "tlsextcap.version", "-e", "tlsextcap.cipher_suite", "-e", "tlsextcap.name");

        Assert.Equal("TlsExtcap: TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 | 1 record, 0/1 decrypted, 1 no keys\tTLS 1.2\tTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\t", output.TrimEnd('\n'));
    }

    private static List<int> Numbers(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();

    private XElement Pdml(int frame)
    {
        string output = _capture.Lua("-Y", $"frame.number == {frame}", "-T", "pdml");
        return Assert.Single(XDocument.Parse(output).Root!.Elements("packet"));
    }

    private static XElement AnnotationTree(XElement packet) =>
        Assert.Single(packet.Elements("proto"), p => p.Attribute("name")?.Value == "tlsextcap");

    /// <summary>The annotation nodes (tlsextcap.name items) under an element, in document order.</summary>
    private static List<XElement> Nodes(XElement element) =>
        element.Descendants("field").Where(f => f.Attribute("name")?.Value == "tlsextcap.name").ToList();

    private static string Show(XElement field) => field.Attribute("show")?.Value ?? string.Empty;

    private static XElement? Child(XElement node, string name) =>
        node.Elements("field").FirstOrDefault(f => f.Attribute("name")?.Value == name);

    /// <summary>"a(b c(d)) e": the nesting of the annotation nodes.</summary>
    private static string Shape(XElement element)
    {
        var parts = element.Elements("field").Where(f => f.Attribute("name")?.Value == "tlsextcap.name").Select(node =>
        {
            string inner = Shape(node);
            return inner.Length == 0 ? Show(node) : $"{Show(node)}({inner})";
        });
        return string.Join(' ', parts);
    }

    private static IEnumerable<string> Values(JsonElement element, string key)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == key && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return property.Value.GetString()!;
                }

                foreach (string value in Values(property.Value, key))
                {
                    yield return value;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (string value in Values(item, key))
                {
                    yield return value;
                }
            }
        }
    }
}
