using System.Text;
using TlsExtcap.Core.Dissection;

namespace TlsExtcap.Plugins.Http.Tests;

public sealed class Http1DissectorTests
{
    [Fact]
    public void TryDissect_ResponseWithBody_AnnotatesStatusHeadersAndBody()
    {
        var (root, found) = Run("HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nnope!");
        Assert.True(found);
        var nodes = root.Descendants().ToList();
        Assert.Equal("404", nodes.Single(n => n.Name == "Status Code").Value);
        Assert.Equal("client error", nodes.Single(n => n.Name == "Status Code").Text);
        Assert.Equal("5", nodes.Single(n => n.Name == "Header: Content-Length").Value);
        var body = nodes.Single(n => n.Name == "HTTP Body");
        Assert.Equal("nope!", Encoding.ASCII.GetString(body.Bytes));
    }

    [Theory]
    [InlineData("binary", "\u0000\u0001\u0002")]
    [InlineData("no CRLF", "GET / HTTP/1.1")]
    [InlineData("not a method", "FETCH / HTTP/1.1\r\n\r\n")]
    public void TryDissect_NotHttp_ReturnsFalseAndAddsNothing(string label, string text)
    {
        var (root, found) = Run(text);
        Assert.False(found, label);
        Assert.Empty(root.Children);
    }

    [Fact]
    public void TryDissect_HeadersCutByTheRecordEnd_MarksAFragment()
    {
        var (root, found) = Run("GET / HTTP/1.1\r\nHost: a\r\nUser-Ag");
        Assert.True(found);
        Assert.Contains(root.Descendants(), n => n.Name == "Header Fragment");
        Assert.Equal("a", root.Descendants().Single(n => n.Name == "Header: Host").Value);
    }

    private static (AnnotationNode Root, bool Found) Run(string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        var source = new DataSource(DataSourceKind.Decrypted, "decrypted:test", 1, bytes, "test");
        var root = new AnnotationNode("Decrypted Content", source, 0, bytes.Length);
        var reader = FieldReader.Over(root, "content");
        bool found = new Http1Dissector().TryDissect(ref reader, null!);
        return (root, found);
    }
}
