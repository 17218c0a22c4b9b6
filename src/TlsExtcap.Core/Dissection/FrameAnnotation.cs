using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Core.Dissection;

/// <summary>The annotations of one frame: a tree per TLS record that completed in it.</summary>
public sealed class FrameAnnotation
{
    private readonly List<AnnotationNode> _nodes = [];

    public FrameAnnotation(long frame, DataSource frameSource, TlsConnection connection, Direction direction)
    {
        Frame = frame;
        FrameSource = frameSource;
        Connection = connection;
        Direction = direction;
    }

    public long Frame { get; }

    /// <summary>The frame's own bytes (<see cref="DataSourceKind.Frame"/>).</summary>
    public DataSource FrameSource { get; }

    public TlsConnection Connection { get; }

    public Direction Direction { get; }

    /// <summary>Top-level nodes, one per record, in wire order.</summary>
    public IReadOnlyList<AnnotationNode> Nodes => _nodes;

    public void Add(AnnotationNode node) => _nodes.Add(node);

    /// <summary>The sources the nodes point into other than the frame, in order of first use.</summary>
    public IReadOnlyList<DataSource> ExtraSources()
    {
        var seen = new HashSet<DataSource>(ReferenceEqualityComparer.Instance);
        var list = new List<DataSource>();
        foreach (var node in _nodes.SelectMany(n => n.Descendants()))
        {
            if (!ReferenceEquals(node.Source, FrameSource) && seen.Add(node.Source))
            {
                list.Add(node.Source);
            }
        }

        return list;
    }
}
