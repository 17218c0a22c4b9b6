using TlsExtcap.Limits;

namespace TlsExtcap.Tests.Limits;

public class ByteSizeTests
{
    [Theory]
    [InlineData("plain bytes", "65536", 65536)]
    [InlineData("zero", "0", 0)]
    [InlineData("kibibytes", "64K", 64 * 1024)]
    [InlineData("lower-case suffix", "4m", 4L << 20)]
    [InlineData("gibibytes", "1G", 1L << 30)]
    [InlineData("largest without overflow", "8589934591G", 8589934591L << 30)]
    public void TryParse_Valid_Bytes(string label, string text, long expected)
    {
        Assert.NotNull(label);
        Assert.True(ByteSize.TryParse(text, out long bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("null", null)]
    [InlineData("negative", "-1")]
    [InlineData("sign", "+4M")]
    [InlineData("fraction", "1.5M")]
    [InlineData("space", "4 M")]
    [InlineData("suffix only", "M")]
    [InlineData("unknown suffix", "4T")]
    [InlineData("two suffixes", "4MB")]
    [InlineData("overflow by suffix", "8589934592G")]
    [InlineData("overflow of digits", "99999999999999999999")]
    [InlineData("very long", "00000000000000000000000001")]
    [InlineData("non-ascii digits", "٤M")]
    public void TryParse_Invalid_False(string label, string? text)
    {
        Assert.NotNull(label);
        Assert.False(ByteSize.TryParse(text, out long bytes));
        Assert.Equal(0, bytes);
    }

    [Theory]
    [InlineData(4L << 20, "4M")]
    [InlineData(1536, "1536")]
    [InlineData(64 * 1024, "64K")]
    [InlineData(2L << 30, "2G")]
    [InlineData(0, "0")]
    public void Format_Value_ShortestExactSpelling(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
        Assert.True(ByteSize.TryParse(expected, out long back));
        Assert.Equal(bytes, back);
    }

    [Fact]
    public void Pattern_MatchesWhatTryParseAccepts()
    {
        var regex = new System.Text.RegularExpressions.Regex(ByteSize.Pattern);
        foreach (string text in new[] { "1", "64K", "4m", "1G" })
        {
            Assert.Matches(regex, text);
        }

        foreach (string text in new[] { "", "-1", "4MB", "1.5M", " 4M" })
        {
            Assert.DoesNotMatch(regex, text);
        }
    }
}
