using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Output;

/// <summary>
/// The seed document's style in plain text: for each frame, each record, each field — its bytes, its name,
/// its value, and what it means — indented by nesting.
/// </summary>
internal static class ExplainTextWriter
{
    private const int HexBytes = 12;

    public static void Write(TextWriter output, IReadOnlyList<FrameAnnotation> frames)
    {
        if (frames.Count == 0)
        {
            output.WriteLine("No TLS records found.");
            return;
        }

        foreach (var frame in frames)
        {
            var c = frame.Connection;
            string arrow = frame.Direction == Direction.ClientToServer
                ? $"client → server, {c.Client} → {c.Server}"
                : $"server → client, {c.Server} → {c.Client}";
            output.WriteLine($"Frame {frame.Frame} — connection {c.Id}, {arrow}");
            foreach (var node in frame.Nodes)
            {
                WriteNode(output, node, 1, frame.FrameSource);
            }

            output.WriteLine();
        }
    }

    private static void WriteNode(TextWriter output, AnnotationNode node, int depth, DataSource parentSource)
    {
        string indent = new(' ', depth * 2);
        if (!ReferenceEquals(node.Source, parentSource))
        {
            output.WriteLine($"{indent}[{node.Source.Description}]");
        }

        string hex = node.Length == 0 ? "(no bytes)" : HexText.Spaced(node.Bytes, HexBytes);
        string marker = node.Severity switch
        {
            AnnotationSeverity.Verified => " ✓",
            AnnotationSeverity.Warning => " !",
            AnnotationSeverity.Error => " ✗",
            _ => string.Empty,
        };
        output.WriteLine($"{indent}{hex}  {node.Name}{(node.Value is null ? string.Empty : ": " + node.Value)}{marker}");
        if (!string.IsNullOrEmpty(node.Text))
        {
            output.WriteLine($"{indent}    {node.Text}");
        }

        foreach (var child in node.Children)
        {
            WriteNode(output, child, depth + 1, node.Source);
        }
    }
}
