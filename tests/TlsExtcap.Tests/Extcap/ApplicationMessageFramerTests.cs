using System.Text;
using TlsExtcap.Extcap;

namespace TlsExtcap.Tests.Extcap;

public class ApplicationMessageFramerTests
{
    [Fact]
    public void Add_HttpRequestSplitAcrossRecords_EmitsOneMessage()
    {
        var framer = new ApplicationMessageFramer("http");
        Assert.Empty(framer.Add(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a")));
        var messages = framer.Add(Encoding.ASCII.GetBytes("\r\n\r\nGET /2 HTTP/1.1\r\n\r\n"));

        Assert.Equal(["GET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET /2 HTTP/1.1\r\n\r\n"], messages.Select(Encoding.ASCII.GetString));
    }

    [Fact]
    public void Add_ResponseWithContentLength_WaitsForBody()
    {
        var framer = new ApplicationMessageFramer("http");
        Assert.Empty(framer.Add(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab")));
        var messages = framer.Add(Encoding.ASCII.GetBytes("cde"));

        Assert.Equal(["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabcde"], messages.Select(Encoding.ASCII.GetString));
    }

    [Fact]
    public void Add_ChunkedResponse_EndsAtLastChunk()
    {
        var framer = new ApplicationMessageFramer("http");
        var messages = framer.Add(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));

        Assert.Single(messages);
    }

    [Fact]
    public void Add_Http2PrefaceAndFrames_OnlyWholeFrames()
    {
        var framer = new ApplicationMessageFramer("http2");
        byte[] preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        byte[] settings = [0, 0, 0, 4, 0, 0, 0, 0, 0];
        byte[] partial = [0, 0, 4, 1, 4, 0, 0, 0, 1, 0x82];
        var messages = framer.Add([.. preface, .. settings, .. partial]);

        Assert.Equal([.. preface, .. settings], Assert.Single(messages));
        Assert.Equal(new byte[] { 0, 0, 4, 1, 4, 0, 0, 0, 1, 0x82, 0x86, 0x84, 0x41 }, Assert.Single(framer.Add([0x86, 0x84, 0x41])));
    }
}
