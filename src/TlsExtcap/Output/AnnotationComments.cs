using System.Globalization;
using TlsExtcap.Core.Dissection;

namespace TlsExtcap.Output;

/// <summary>
/// Turns a frame's annotation trees into packet comments (carrier format v1, wireshark/README.md), the
/// extra EPB comments that follow the frame's one-line summary and that wireshark/tlsextcap.lua shows as
/// the "TLS annotations" tree.
/// </summary>
/// <remarks>
/// The body is one line per data source (<c>S</c>) and per node (<c>N</c>, depth-first pre-order), split
/// into comments of at most <see cref="AnnotationCarrier.MaxCommentBytes"/> UTF-8 bytes, each headed
/// <c>TlsExtcap-annotations 1 part/parts</c>. All comments together stay within a byte budget: when the
/// sources' bytes do not fit, the largest sources lose their hex first (their nodes then show without
/// byte highlighting); when the nodes still do not fit, the tree is cut after the last node that fits and
/// a final <see cref="AnnotationCarrier.TruncatedName"/> warning node says so.
/// </remarks>
public static class AnnotationComments
{
    /// <summary>The default budget for all annotation comments of one frame.</summary>
    public const int DefaultBudgetBytes = 192 * 1024;

    /// <summary>notes §4.8 / pitfall 8: dumpcap refuses any block on the extcap pipe larger than this.</summary>
    public const int MaxBlockBytes = 262_144;

    // pcapng §4.3: block type, total length, interface id, timestamp (2), captured and original length,
    // and the trailing total length; §3.5: end-of-options.
    private const int EnhancedPacketBlockOverhead = 32;
    private const int EndOfOptionsBytes = 4;

    // Option header (code, length) and padding of each annotation part. Two consecutive parts always
    // hold more than one part's capacity, so a budget of at most MaxBlockBytes makes at most 11 parts.
    private const int PartOptionReserve = 128;

    /// <summary>
    /// Encodes the frame's trees. Returns no comments for a frame without nodes, or when the budget cannot
    /// even hold the truncation notice.
    /// </summary>
    /// <param name="budgetBytes">Most UTF-8 bytes all returned comments may have together (headers included).</param>
    public static IReadOnlyList<string> Encode(FrameAnnotation frame, int budgetBytes = DefaultBudgetBytes)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        if (frame.Nodes.Count == 0)
        {
            return [];
        }

        var sources = frame.ExtraSources();
        var indexes = new Dictionary<DataSource, int>(ReferenceEqualityComparer.Instance);
        var sourceHeads = new string[sources.Count];
        var sourceHex = new string[sources.Count];
        for (int i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            indexes[source] = i + 1;
            sourceHeads[i] = $"S\t{i + 1}\t{AnnotationCarrier.KindName(source.Kind)}\t{AnnotationCarrier.Escape(source.Description)}\t";
            sourceHex[i] = Convert.ToHexStringLower(source.Bytes.Span);
        }

        var nodeLines = NodeLines(frame, indexes);
        var withHex = new bool[sources.Count];
        Array.Fill(withHex, true);

        // 1. Everything.
        var lines = Compose(sourceHeads, sourceHex, withHex, nodeLines, nodeLines.Count, marker: null);
        if (AnnotationCommentSplitter.Measure(lines) <= budgetBytes)
        {
            return AnnotationCommentSplitter.Split(lines);
        }

        // 2. The largest sources' bytes go first.
        foreach (int i in Enumerable.Range(0, sources.Count).OrderByDescending(i => sourceHex[i].Length))
        {
            withHex[i] = false;
            lines = Compose(sourceHeads, sourceHex, withHex, nodeLines, nodeLines.Count, marker: null);
            if (AnnotationCommentSplitter.Measure(lines) <= budgetBytes)
            {
                return AnnotationCommentSplitter.Split(lines);
            }
        }

        // 3. The longest prefix of the nodes (pre-order keeps every kept node's parent) plus the notice.
        long Cost(int kept) =>
            AnnotationCommentSplitter.Measure(Compose(sourceHeads, sourceHex, withHex, nodeLines, kept, Marker(kept, nodeLines.Count, budgetBytes)));

        int low = 0, high = nodeLines.Count - 1;
        if (Cost(0) > budgetBytes)
        {
            // Not even the source lines fit next to the notice: the notice alone, if that fits.
            List<string> alone = [Marker(0, nodeLines.Count, budgetBytes)];
            return AnnotationCommentSplitter.Measure(alone) <= budgetBytes ? AnnotationCommentSplitter.Split(alone) : [];
        }

        while (low < high)
        {
            int middle = low + ((high - low + 1) / 2);
            if (Cost(middle) <= budgetBytes)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return AnnotationCommentSplitter.Split(Compose(sourceHeads, sourceHex, withHex, nodeLines, low, Marker(low, nodeLines.Count, budgetBytes)));
    }

    /// <summary>
    /// The budget that keeps the frame's Enhanced Packet Block within <see cref="MaxBlockBytes"/>, given its
    /// captured length and its other comments (the summary), capped at <see cref="DefaultBudgetBytes"/>.
    /// </summary>
    public static int BudgetFor(int capturedLength, IEnumerable<string>? otherComments = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capturedLength);
        long used = EnhancedPacketBlockOverhead + Padded(capturedLength) + EndOfOptionsBytes + PartOptionReserve;
        foreach (string comment in otherComments ?? [])
        {
            used += 4 + Padded(AnnotationCarrier.Utf8.GetByteCount(comment));
        }

        return (int)Math.Clamp(MaxBlockBytes - used, 0, DefaultBudgetBytes);
    }

    private static long Padded(int length) => (length + 3L) & ~3L;

    private static List<string> NodeLines(FrameAnnotation frame, Dictionary<DataSource, int> indexes)
    {
        var lines = new List<string>();
        var pending = new Stack<(AnnotationNode Node, int Depth)>();
        for (int i = frame.Nodes.Count - 1; i >= 0; i--)
        {
            pending.Push((frame.Nodes[i], 0));
        }

        while (pending.TryPop(out var entry))
        {
            var node = entry.Node;
            int source = ReferenceEquals(node.Source, frame.FrameSource) ? 0 : indexes[node.Source];
            lines.Add(NodeLine(entry.Depth, source, node.Offset, node.Length, node.Severity, node.Name, node.Value, node.Text));
            for (int i = node.Children.Count - 1; i >= 0; i--)
            {
                pending.Push((node.Children[i], entry.Depth + 1));
            }
        }

        return lines;
    }

    private static string NodeLine(int depth, int source, int offset, int length, AnnotationSeverity severity, string name, string? value, string? text) =>
        string.Create(CultureInfo.InvariantCulture,
            $"N\t{depth}\t{source}\t{offset}\t{length}\t{AnnotationCarrier.SeverityName(severity)}\t{AnnotationCarrier.Escape(name)}\t{AnnotationCarrier.Escape(value)}\t{AnnotationCarrier.Escape(text)}");

    private static string Marker(int kept, int total, int budgetBytes) =>
        NodeLine(0, 0, 0, 0, AnnotationSeverity.Warning, AnnotationCarrier.TruncatedName,
            $"{total - kept} of {total} fields not shown",
            $"This frame's annotations did not fit in its packet-comment budget of {budgetBytes} bytes: the fields after this point are left out, and the decrypted or reassembled bytes are not included (their fields show without byte highlighting).");

    private static List<string> Compose(string[] sourceHeads, string[] sourceHex, bool[] withHex, List<string> nodeLines, int kept, string? marker)
    {
        var lines = new List<string>(sourceHeads.Length + kept + 1);
        for (int i = 0; i < sourceHeads.Length; i++)
        {
            lines.Add(withHex[i] ? sourceHeads[i] + sourceHex[i] : sourceHeads[i]);
        }

        lines.AddRange(nodeLines.Take(kept));
        if (marker is not null)
        {
            lines.Add(marker);
        }

        return lines;
    }
}
