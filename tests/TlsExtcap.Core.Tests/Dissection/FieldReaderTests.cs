using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Tls;

namespace TlsExtcap.Core.Tests.Dissection;

public sealed class FieldReaderTests
{
    private static AnnotationNode Root(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        return new AnnotationNode("root", new DataSource(DataSourceKind.Frame, "frame:1", 1, bytes, "Frame 1"), 0, bytes.Length);
    }

    [Fact]
    public void Vector_LengthAndContents_MakeANodeWithALengthChild()
    {
        var root = Root("0003aabbcc11");
        var reader = FieldReader.Over(root, "test");
        var child = reader.Vector(2, "List", out var node);
        Assert.Equal(0, node.Offset);
        Assert.Equal(5, node.Length);
        Assert.Equal("length", node.Children[0].Name);
        Assert.Equal("3 bytes", node.Children[0].Value);
        Assert.Equal(3, child.Remaining);
        Assert.Equal(2, child.SourceOffset);
        Assert.Equal(5, reader.Position);
    }

    [Theory]
    [InlineData("longer than the data", "0005aabb", TlsDecodeError.Truncated)]
    [InlineData("prefix cut", "00", TlsDecodeError.Truncated)]
    public void Vector_BadLength_ThrowsWithoutAddingOrAdvancing(string label, string hex, TlsDecodeError reason)
    {
        var root = Root(hex);
        var reader = FieldReader.Over(root, "test");
        TlsDecodeException? error = null;
        try
        {
            reader.Vector(2, "List", out _);
        }
        catch (TlsDecodeException ex)
        {
            error = ex;
        }

        Assert.NotNull(error);
        Assert.Equal(reason, error.Reason);
        Assert.Empty(root.Children);
        Assert.Equal(0, reader.Position);
        Assert.NotNull(label);
    }

    [Fact]
    public void Vector_BelowMinimum_ThrowsBadVectorLength()
    {
        var reader = FieldReader.Over(Root("0001aa"), "test");
        TlsDecodeException? error = null;
        try
        {
            reader.Vector(2, "List", out _, minLength: 2);
        }
        catch (TlsDecodeException ex)
        {
            error = ex;
        }

        Assert.Equal(TlsDecodeError.BadVectorLength, error?.Reason);
    }

    [Fact]
    public void EnsureEnd_BytesLeft_ThrowsTrailingData()
    {
        var reader = FieldReader.Over(Root("0102"), "test");
        reader.UInt8("a", out _);
        TlsDecodeException? error = null;
        try
        {
            reader.EnsureEnd();
        }
        catch (TlsDecodeException ex)
        {
            error = ex;
        }

        Assert.Equal(TlsDecodeError.TrailingData, error?.Reason);
    }

    [Fact]
    public void UInt24_ReadsBigEndianAndNamesTheNode()
    {
        var root = Root("010203");
        var reader = FieldReader.Over(root, "test");
        Assert.Equal(0x010203, reader.UInt24("Length", out var node));
        Assert.Equal("66051", node.Value);
        Assert.Equal(3, node.Length);
    }
}
