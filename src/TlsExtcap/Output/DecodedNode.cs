using TlsExtcap.Core.Dissection;

namespace TlsExtcap.Output;

/// <summary>
/// An <c>N</c> line read back: <see cref="Source"/> 0 is the frame (offsets in the frame bytes, link-layer
/// header included), otherwise a <see cref="DecodedSource.Index"/>. Empty value and text fields are null.
/// </summary>
public sealed class DecodedNode
{
    private readonly List<DecodedNode> _children = [];

    public DecodedNode(int depth, int source, int offset, int length, AnnotationSeverity severity, string name, string? value, string? text)
    {
        Depth = depth;
        Source = source;
        Offset = offset;
        Length = length;
        Severity = severity;
        Name = name;
        Value = value;
        Text = text;
    }

    public int Depth { get; }

    public int Source { get; }

    public int Offset { get; }

    public int Length { get; }

    public AnnotationSeverity Severity { get; }

    public string Name { get; }

    public string? Value { get; }

    public string? Text { get; }

    public IReadOnlyList<DecodedNode> Children => _children;

    internal void Add(DecodedNode child) => _children.Add(child);

    /// <summary>This node and every node under it, depth first.</summary>
    public IEnumerable<DecodedNode> Descendants()
    {
        yield return this;
        foreach (var child in _children)
        {
            foreach (var node in child.Descendants())
            {
                yield return node;
            }
        }
    }

    public override string ToString() => Value is null ? Name : $"{Name}: {Value}";
}
