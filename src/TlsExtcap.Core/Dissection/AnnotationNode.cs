namespace TlsExtcap.Core.Dissection;

/// <summary>
/// One annotated field: a name, the bytes it covers in a <see cref="DataSource"/>, a rendered value and an
/// explanation, and the fields inside it. Dissectors build trees of these.
/// </summary>
public sealed class AnnotationNode
{
    private List<AnnotationNode>? _children;

    public AnnotationNode(string name, DataSource source, int offset, int length, string? value = null, string? text = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (offset + length > source.Bytes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"{name}: {offset}+{length} is beyond the {source.Bytes.Length} bytes of {source.Id}");
        }

        Name = name;
        Source = source;
        Offset = offset;
        Length = length;
        Value = value;
        Text = text;
    }

    /// <summary>The field's name, as the specs spell it where they name it ("legacy_session_id", "Random").</summary>
    public string Name { get; set; }

    public DataSource Source { get; }

    public int Offset { get; }

    public int Length { get; private set; }

    /// <summary>The value as a person reads it: "TLS 1.2 (0x0303)", "x25519", "344 bytes".</summary>
    public string? Value { get; set; }

    /// <summary>What the bytes mean and why they are there.</summary>
    public string? Text { get; set; }

    public AnnotationSeverity Severity { get; set; }

    public ReadOnlySpan<byte> Bytes => Source.Bytes.Span.Slice(Offset, Length);

    public IReadOnlyList<AnnotationNode> Children => (IReadOnlyList<AnnotationNode>?)_children ?? [];

    public AnnotationNode Add(AnnotationNode child)
    {
        (_children ??= []).Add(child);
        return child;
    }

    /// <summary>Adds a child over bytes of the same source.</summary>
    public AnnotationNode Add(string name, int offset, int length, string? value = null, string? text = null) =>
        Add(new AnnotationNode(name, Source, offset, length, value, text));

    /// <summary>Shortens the node (a structure found to end early, e.g. after a decode error).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = Math.Min(Length, length);
    }

    /// <summary>Every node of the tree rooted here, depth first.</summary>
    public IEnumerable<AnnotationNode> Descendants()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var node in child.Descendants())
            {
                yield return node;
            }
        }
    }

    public override string ToString() => Value is null ? Name : $"{Name}: {Value}";
}
