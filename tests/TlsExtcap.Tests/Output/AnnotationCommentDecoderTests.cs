using TlsExtcap.Core.Dissection;
using TlsExtcap.Output;

namespace TlsExtcap.Tests.Output;

/// <summary>The strict decoder: well-formed comments read back, every break of the format rejected with its reason.</summary>
public class AnnotationCommentDecoderTests
{
    private const string Header = "TlsExtcap-annotations 1 1/1\n";

    [Fact]
    public void Decode_HandWrittenBody_BuildsTheTree()
    {
        string body = "S\t1\treassembled\tReassembled \\\\ message\t0a0b0c\n"
            + "N\t0\t0\t0\t4\tnone\troot\tv\tt\n"
            + "N\t1\t1\t1\t2\tverified\tchild\t\t\n"
            + "N\t2\t1\t2\t1\terror\tgrandchild\tx\\ty\t\n"
            + "N\t1\t0\t3\t1\twarning\tsecond child\t\tline\\nbreak\n"
            + "N\t0\t0\t0\t0\tnone\tsecond root\t\t";

        var decoded = AnnotationCommentDecoder.Decode(["TlsExtcap: TLS 1.2 | 1 record", Header + body], frameLength: 4);

        Assert.Equal(new byte[] { 10, 11, 12 }, decoded.Source(1).Bytes);
        Assert.Equal("Reassembled \\ message", decoded.Source(1).Label);
        Assert.Equal(["root", "second root"], decoded.Nodes.Select(n => n.Name));
        var root = decoded.Nodes[0];
        Assert.Equal(["child", "second child"], root.Children.Select(n => n.Name));
        var grandchild = Assert.Single(root.Children[0].Children);
        Assert.Equal(("x\ty", AnnotationSeverity.Error, 1, 2, 1, 2), (grandchild.Value, grandchild.Severity, grandchild.Source, grandchild.Offset, grandchild.Length, grandchild.Depth));
        Assert.Equal("line\nbreak", root.Children[1].Text);
        Assert.Equal(AnnotationSeverity.Verified, root.Children[0].Severity);
        Assert.False(decoded.Truncated);
    }

    [Fact]
    public void Decode_SummaryOnly_NoNodes()
    {
        var decoded = AnnotationCommentDecoder.Decode(["TlsExtcap: TLS 1.3 | 2 records", "someone else's comment"]);

        Assert.Equal(["TlsExtcap: TLS 1.3 | 2 records"], decoded.Summaries);
        Assert.Empty(decoded.Nodes);
        Assert.Empty(decoded.Sources);
    }

    [Fact]
    public void Decode_SourceWithoutHex_BytesNullAndRangeUnchecked()
    {
        var decoded = AnnotationCommentDecoder.Decode([Header + "S\t1\tdecrypted\tD\t\nN\t0\t1\t500\t20\tnone\tn\t\t"]);

        Assert.Null(decoded.Source(1).Bytes);
        Assert.Equal(500, decoded.Nodes[0].Offset);
    }

    public static TheoryData<string, string[], AnnotationCommentError> Malformed => new()
    {
        { "no newline after header", ["TlsExtcap-annotations 1 1/1"], AnnotationCommentError.MalformedHeader },
        { "no part number", ["TlsExtcap-annotations 1\nN\t0\t0\t0\t0\tnone\tn\t\t"], AnnotationCommentError.MalformedHeader },
        { "part not a number", ["TlsExtcap-annotations 1 a/1\nN\t0\t0\t0\t0\tnone\tn\t\t"], AnnotationCommentError.MalformedHeader },
        { "signed part", ["TlsExtcap-annotations 1 +1/1\nN\t0\t0\t0\t0\tnone\tn\t\t"], AnnotationCommentError.MalformedHeader },
        { "extra word", ["TlsExtcap-annotations 1 1/1 x\nN\t0\t0\t0\t0\tnone\tn\t\t"], AnnotationCommentError.MalformedHeader },
        { "version 2", ["TlsExtcap-annotations 2 1/1\nN\t0\t0\t0\t0\tnone\tn\t\t"], AnnotationCommentError.UnsupportedVersion },
        { "part 0", ["TlsExtcap-annotations 1 0/1\nN\t0\t0\t0\t0\tnone\tn\t\t"], AnnotationCommentError.PartOutOfRange },
        { "part beyond count", ["TlsExtcap-annotations 1 3/2\nN\t0\t0\t0\t0\tnone\tn\t\t"], AnnotationCommentError.PartOutOfRange },
        { "counts disagree", ["TlsExtcap-annotations 1 1/2\nN\t0\t0\t0\t0\tnone\tn\t\t\n", "TlsExtcap-annotations 1 2/3\n"], AnnotationCommentError.PartCountMismatch },
        { "duplicate part", ["TlsExtcap-annotations 1 1/2\nN\t0\t0\t0\t0\tnone\tn\t\t\n", "TlsExtcap-annotations 1 1/2\n"], AnnotationCommentError.DuplicatePart },
        { "missing part", ["TlsExtcap-annotations 1 1/3\nN\t0\t0\t0\t0\tnone\tn\t\t\n", "TlsExtcap-annotations 1 3/3\nN\t0\t0\t0\t0\tnone\tm\t\t"], AnnotationCommentError.MissingPart },
        { "unknown record letter", [Header + "X\t0"], AnnotationCommentError.UnknownLine },
        { "empty line", [Header + "N\t0\t0\t0\t0\tnone\tn\t\t\n\nN\t0\t0\t0\t0\tnone\tn\t\t"], AnnotationCommentError.UnknownLine },
        { "empty body", [Header], AnnotationCommentError.UnknownLine },
        { "node with 8 fields", [Header + "N\t0\t0\t0\t0\tnone\tn\t"], AnnotationCommentError.FieldCount },
        { "node with 10 fields", [Header + "N\t0\t0\t0\t0\tnone\tn\t\t\t"], AnnotationCommentError.FieldCount },
        { "source with 4 fields", [Header + "S\t1\tdecrypted\tD"], AnnotationCommentError.FieldCount },
        { "depth not a number", [Header + "N\tx\t0\t0\t0\tnone\tn\t\t"], AnnotationCommentError.BadNumber },
        { "negative offset", [Header + "N\t0\t0\t-1\t0\tnone\tn\t\t"], AnnotationCommentError.BadNumber },
        { "length too big", [Header + "N\t0\t0\t0\t99999999999\tnone\tn\t\t"], AnnotationCommentError.BadNumber },
        { "bad escape", [Header + "N\t0\t0\t0\t0\tnone\tn\\x\t\t"], AnnotationCommentError.BadEscape },
        { "trailing backslash", [Header + "N\t0\t0\t0\t0\tnone\tn\t\tend\\"], AnnotationCommentError.BadEscape },
        { "unknown kind", [Header + "S\t1\tframe\tF\t00"], AnnotationCommentError.UnknownKind },
        { "unknown severity", [Header + "N\t0\t0\t0\t0\tfatal\tn\t\t"], AnnotationCommentError.UnknownSeverity },
        { "severity in capitals", [Header + "N\t0\t0\t0\t0\tError\tn\t\t"], AnnotationCommentError.UnknownSeverity },
        { "odd hex", [Header + "S\t1\tdecrypted\tD\tabc"], AnnotationCommentError.BadHex },
        { "uppercase hex", [Header + "S\t1\tdecrypted\tD\tAB"], AnnotationCommentError.BadHex },
        { "source index 2 first", [Header + "S\t2\tdecrypted\tD\t00"], AnnotationCommentError.SourceIndex },
        { "source index 0", [Header + "S\t0\tdecrypted\tD\t00"], AnnotationCommentError.SourceIndex },
        { "undefined source", [Header + "N\t0\t1\t0\t0\tnone\tn\t\t"], AnnotationCommentError.UnknownSource },
        { "source defined after use", [Header + "N\t0\t1\t0\t0\tnone\tn\t\t\nS\t1\tdecrypted\tD\t00"], AnnotationCommentError.UnknownSource },
        { "first node at depth 1", [Header + "N\t1\t0\t0\t0\tnone\tn\t\t"], AnnotationCommentError.DepthJump },
        { "depth skips a level", [Header + "N\t0\t0\t0\t0\tnone\tn\t\t\nN\t2\t0\t0\t0\tnone\tm\t\t"], AnnotationCommentError.DepthJump },
        { "beyond source bytes", [Header + "S\t1\tdecrypted\tD\t0001\nN\t0\t1\t1\t2\tnone\tn\t\t"], AnnotationCommentError.RangeOutsideSource },
        { "beyond frame", [Header + "N\t0\t0\t60\t5\tnone\tn\t\t"], AnnotationCommentError.RangeOutsideSource },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_MalformedComments_ThrowsWithReason(string label, string[] comments, AnnotationCommentError reason)
    {
        _ = label;
        var error = Assert.Throws<AnnotationCommentException>(() => AnnotationCommentDecoder.Decode(comments, frameLength: 64));

        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Decode_MalformedLine_ReportsItsLineNumber()
    {
        var error = Assert.Throws<AnnotationCommentException>(() => AnnotationCommentDecoder.Decode(
            [Header + "N\t0\t0\t0\t0\tnone\tn\t\t\nN\t1\t0\t0\t0\tnone\tm\t\t\nN\t0\t0\t0\t0\tnope\tn\t\t"]));

        Assert.Equal(3, error.Line);
    }
}
