using System.Globalization;
using System.Text;
using TlsExtcap.Core.Dissection;

namespace TlsExtcap.Output;

/// <summary>
/// Reads a frame's packet comments back into annotation trees (carrier format v1, wireshark/README.md).
/// Strict where the Lua dissector is lenient: any break of the format throws
/// <see cref="AnnotationCommentException"/> with the reason.
/// </summary>
public static class AnnotationCommentDecoder
{
    public static bool IsAnnotationComment(string comment) => comment.StartsWith(AnnotationCarrier.PartPrefix, StringComparison.Ordinal);

    public static bool IsSummaryComment(string comment) => comment.StartsWith(AnnotationCarrier.SummaryPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Decodes the comments of one frame, in any order: the summaries are kept, the annotation parts put
    /// back together and parsed, other comments ignored.
    /// </summary>
    /// <param name="frameLength">The frame's captured length, to check frame-sourced ranges; null skips the check.</param>
    public static DecodedAnnotations Decode(IEnumerable<string> comments, int? frameLength = null)
    {
        ArgumentNullException.ThrowIfNull(comments);
        var summaries = new List<string>();
        var parts = new SortedDictionary<int, string>();
        int? count = null;
        foreach (string comment in comments)
        {
            if (IsSummaryComment(comment))
            {
                summaries.Add(comment);
            }
            else if (IsAnnotationComment(comment))
            {
                var (part, total, chunk) = ReadHeader(comment);
                if (count is int known && known != total)
                {
                    throw new AnnotationCommentException(AnnotationCommentError.PartCountMismatch, null, $"one part says {known} parts, another {total}");
                }

                count = total;
                if (!parts.TryAdd(part, chunk))
                {
                    throw new AnnotationCommentException(AnnotationCommentError.DuplicatePart, null, $"part {part} appears twice");
                }
            }
        }

        if (count is not int partCount)
        {
            return new DecodedAnnotations(summaries, [], []);
        }

        for (int part = 1; part <= partCount; part++)
        {
            if (!parts.ContainsKey(part))
            {
                throw new AnnotationCommentException(AnnotationCommentError.MissingPart, null, $"part {part} of {partCount} is missing");
            }
        }

        var body = new StringBuilder();
        foreach (string chunk in parts.Values)
        {
            body.Append(chunk);
        }

        var (sources, nodes) = ParseBody(body.ToString(), frameLength);
        return new DecodedAnnotations(summaries, sources, nodes);
    }

    private static (int Part, int Parts, string Chunk) ReadHeader(string comment)
    {
        int newline = comment.IndexOf('\n', StringComparison.Ordinal);
        string header = newline < 0 ? comment : comment[..newline];
        string[] words = header[AnnotationCarrier.PartPrefix.Length..].Split(' ');
        string[] fraction = words.Length == 2 ? words[1].Split('/') : [];
        if (newline < 0 || fraction.Length != 2 || !TryNumber(words[0], out int version)
            || !TryNumber(fraction[0], out int part) || !TryNumber(fraction[1], out int parts))
        {
            throw new AnnotationCommentException(AnnotationCommentError.MalformedHeader, null, "the first line is not \"TlsExtcap-annotations <version> <part>/<parts>\"");
        }

        if (version != AnnotationCarrier.Version)
        {
            throw new AnnotationCommentException(AnnotationCommentError.UnsupportedVersion, null, $"format version {version} (this decoder reads {AnnotationCarrier.Version})");
        }

        if (part < 1 || part > parts)
        {
            throw new AnnotationCommentException(AnnotationCommentError.PartOutOfRange, null, $"part {part}/{parts}");
        }

        return (part, parts, comment[(newline + 1)..]);
    }

    private static (List<DecodedSource> Sources, List<DecodedNode> Nodes) ParseBody(string body, int? frameLength)
    {
        var sources = new List<DecodedSource>();
        var nodes = new List<DecodedNode>();
        var ancestors = new List<DecodedNode>();
        string[] lines = body.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int number = i + 1;
            string[] fields = lines[i].Split(AnnotationCarrier.Separator);
            switch (fields[0])
            {
                case "S":
                    sources.Add(ReadSource(fields, number, sources.Count + 1));
                    break;
                case "N":
                    var node = ReadNode(fields, number, sources, frameLength);
                    if (node.Depth > ancestors.Count)
                    {
                        throw new AnnotationCommentException(AnnotationCommentError.DepthJump, number, ancestors.Count == 0 ? $"the first node is at depth {node.Depth}, not 0" : $"a node at depth {node.Depth} after one at depth {ancestors.Count - 1}");
                    }

                    ancestors.RemoveRange(node.Depth, ancestors.Count - node.Depth);
                    if (node.Depth == 0)
                    {
                        nodes.Add(node);
                    }
                    else
                    {
                        ancestors[^1].Add(node);
                    }

                    ancestors.Add(node);
                    break;
                default:
                    throw new AnnotationCommentException(AnnotationCommentError.UnknownLine, number, "neither an S nor an N line");
            }
        }

        return (sources, nodes);
    }

    private static DecodedSource ReadSource(string[] fields, int line, int expectedIndex)
    {
        // S <index> <kind> <label> <hex>
        if (fields.Length != 5)
        {
            throw new AnnotationCommentException(AnnotationCommentError.FieldCount, line, $"a source line has {fields.Length} fields, not 5");
        }

        int index = Number(fields[1], line, "source index");
        if (index != expectedIndex)
        {
            throw new AnnotationCommentException(AnnotationCommentError.SourceIndex, line, $"source {index} where {expectedIndex} was due");
        }

        if (!AnnotationCarrier.TryParseKind(fields[2], out var kind))
        {
            throw new AnnotationCommentException(AnnotationCommentError.UnknownKind, line, "the kind is neither reassembled nor decrypted");
        }

        string hex = fields[4];
        if (hex.Length % 2 != 0 || hex.AsSpan().ContainsAnyExcept("0123456789abcdef"))
        {
            throw new AnnotationCommentException(AnnotationCommentError.BadHex, line, "the bytes are not lowercase hex of whole bytes");
        }

        return new DecodedSource(index, kind, Unescape(fields[3], line), hex.Length == 0 ? null : Convert.FromHexString(hex));
    }

    private static DecodedNode ReadNode(string[] fields, int line, List<DecodedSource> sources, int? frameLength)
    {
        // N <depth> <source> <offset> <length> <severity> <name> <value> <text>
        if (fields.Length != 9)
        {
            throw new AnnotationCommentException(AnnotationCommentError.FieldCount, line, $"a node line has {fields.Length} fields, not 9");
        }

        int depth = Number(fields[1], line, "depth");
        int source = Number(fields[2], line, "source");
        int offset = Number(fields[3], line, "offset");
        int length = Number(fields[4], line, "length");
        if (!AnnotationCarrier.TryParseSeverity(fields[5], out var severity))
        {
            throw new AnnotationCommentException(AnnotationCommentError.UnknownSeverity, line, "the severity is not none, verified, warning or error");
        }

        if (source > sources.Count)
        {
            throw new AnnotationCommentException(AnnotationCommentError.UnknownSource, line, $"source {source} is not defined before the node");
        }

        int? available = source == 0 ? frameLength : sources[source - 1].Bytes?.Length;
        if (available is int size && (long)offset + length > size)
        {
            throw new AnnotationCommentException(AnnotationCommentError.RangeOutsideSource, line, $"bytes {offset}+{length} are beyond the {size} bytes of source {source}");
        }

        string value = Unescape(fields[7], line);
        string text = Unescape(fields[8], line);
        return new DecodedNode(depth, source, offset, length, severity, Unescape(fields[6], line),
            value.Length == 0 ? null : value, text.Length == 0 ? null : text);
    }

    private static string Unescape(string field, int line) =>
        AnnotationCarrier.TryUnescape(field, out string? text)
            ? text
            : throw new AnnotationCommentException(AnnotationCommentError.BadEscape, line, "a backslash is not followed by \\, t, n or r");

    private static int Number(string field, int line, string what) =>
        TryNumber(field, out int value)
            ? value
            : throw new AnnotationCommentException(AnnotationCommentError.BadNumber, line, $"the {what} is not a decimal number");

    private static bool TryNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
