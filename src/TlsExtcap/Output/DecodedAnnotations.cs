namespace TlsExtcap.Output;

/// <summary>What <see cref="AnnotationCommentDecoder"/> read from one frame's comments.</summary>
public sealed class DecodedAnnotations
{
    public DecodedAnnotations(IReadOnlyList<string> summaries, IReadOnlyList<DecodedSource> sources, IReadOnlyList<DecodedNode> nodes)
    {
        Summaries = summaries;
        Sources = sources;
        Nodes = nodes;
    }

    /// <summary>The frame's "TlsExtcap: …" summary comments (usually one).</summary>
    public IReadOnlyList<string> Summaries { get; }

    public IReadOnlyList<DecodedSource> Sources { get; }

    /// <summary>The top-level nodes.</summary>
    public IReadOnlyList<DecodedNode> Nodes { get; }

    /// <summary>Whether the encoder's budget cut the tree short (the last node is the truncation notice).</summary>
    public bool Truncated => Nodes.Count > 0 && Nodes[^1].Name == AnnotationCarrier.TruncatedName
        && Nodes[^1].Severity == Core.Dissection.AnnotationSeverity.Warning;

    /// <summary>Every node, depth-first pre-order (the order of the body lines).</summary>
    public IEnumerable<DecodedNode> Descendants() => Nodes.SelectMany(node => node.Descendants());

    /// <summary>The source with this index (1, 2, …).</summary>
    public DecodedSource Source(int index) => Sources[index - 1];
}
