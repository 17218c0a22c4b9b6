using TlsExtcap.Extcap;

namespace TlsExtcap.Tests.Extcap;

/// <summary>A lane's gathered blocks cut into runs by key: empty runs are dropped, runs next to each other are one span.</summary>
public class LaneBufferTests
{
    [Fact]
    public void Mark_RunLeftEmpty_ReplacedByTheNextKey()
    {
        var buffer = new LaneBuffer();
        buffer.Mark(2, 0);
        buffer.Mark(4, 0);
        buffer.Mark(6, 3);
        buffer.Mark(8, 3);
        buffer.Fill([1, 2, 3, 4, 5], 5);

        Assert.Equal(2, buffer.Runs);
        Assert.Equal((4L, 8L), (buffer.KeyOf(0), buffer.KeyOf(1)));
        Assert.Equal([1, 2, 3], buffer.Span(0, 0).ToArray());
        Assert.Equal([4, 5], buffer.Span(1, 1).ToArray());
        Assert.Equal([1, 2, 3, 4, 5], buffer.Span(0, 1).ToArray());
    }

    [Fact]
    public void Fill_LastRunEmpty_Dropped()
    {
        var buffer = new LaneBuffer();
        buffer.Mark(2, 0);
        buffer.Mark(9, 2);
        buffer.Fill([7, 7, 0, 0], 2);

        Assert.Equal(1, buffer.Runs);
        Assert.Equal([7, 7], buffer.Span(0, 0).ToArray());

        buffer.Reset();
        Assert.Equal((0, 0, 0), (buffer.Runs, buffer.Length, buffer.Frames));
    }
}
