using System.Text;
using TlsExtcap.Core.Keys;
using Xunit;

namespace TlsExtcap.Core.Tests.Keys;

public class KeyLogStreamParserTests
{
    private static readonly byte[] Seed = Encoding.ASCII.GetBytes(KeyLogParserTests.SeedKeyLog);

    private static (List<KeyLogEntry> Entries, List<KeyLogError> Errors) Feed(KeyLogStreamParser parser, params byte[][] chunks)
    {
        var entries = new List<KeyLogEntry>();
        var errors = new List<KeyLogError>();
        foreach (byte[] chunk in chunks)
        {
            var result = parser.Append(chunk);
            entries.AddRange(result.Entries);
            errors.AddRange(result.Errors);
        }

        return (entries, errors);
    }

    private static string[] Lines(IEnumerable<KeyLogEntry> entries) => entries.Select(e => e.Format()).ToArray();

    [Theory]
    [InlineData("one byte at a time", 1)]
    [InlineData("7-byte chunks", 7)]
    [InlineData("chunks of 100", 100)]
    [InlineData("whole", 100_000)]
    public void Append_AnyChunking_SameEntriesAsWholeParse(string caseName, int chunkSize)
    {
        var parser = new KeyLogStreamParser("test");
        var chunks = Seed.Chunk(chunkSize).ToArray();

        var (entries, errors) = Feed(parser, chunks);

        Assert.Equal(Lines(KeyLogParser.Parse(Seed, "whole").Entries), Lines(entries));
        Assert.True(errors.Count == 0, caseName);
        Assert.Equal(5, parser.Lines);
        Assert.False(parser.HasPartialLine);
    }

    [Fact]
    public void Append_LineSplitAcrossChunks_ParsedOnlyWhenComplete()
    {
        var parser = new KeyLogStreamParser("test");
        int firstNewline = Array.IndexOf(Seed, (byte)'\n');

        var first = parser.Append(Seed.AsSpan(0, 40));
        var second = parser.Append(Seed.AsSpan(40, firstNewline + 1 - 40));

        Assert.Empty(first.Entries);
        Assert.True(parser.Lines == 1 && !parser.HasPartialLine);
        Assert.Single(second.Entries);
        Assert.Equal(KeyLogLabel.ServerHandshakeTrafficSecret, second.Entries[0].Label);
    }

    [Fact]
    public void Append_CrLfAndBadLines_ErrorsNumberedFromStreamStart()
    {
        var parser = new KeyLogStreamParser("test");
        string[] seedLines = KeyLogParserTests.SeedKeyLog.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        byte[] first = Encoding.ASCII.GetBytes(seedLines[0] + "\r\n# comment\r\nCLIENT_RANDOM zz");
        byte[] second = Encoding.ASCII.GetBytes("zz 00\r\n" + seedLines[1] + "\r\nNOT_A_LABEL 00 00\n");

        var (entries, errors) = Feed(parser, first, second);

        Assert.Equal([seedLines[0], seedLines[1]], Lines(entries));
        Assert.Equal(
            [new KeyLogError(3, KeyLogErrorReason.BadHex, "test"), new KeyLogError(5, KeyLogErrorReason.UnknownLabel, "test")],
            errors);
    }

    [Fact]
    public void Append_OverlongPartialLine_ReportedOnceAndSkippedToNewline()
    {
        var parser = new KeyLogStreamParser("test");
        byte[] junk = Enumerable.Repeat((byte)'a', 3000).ToArray();

        var (entries, errors) = Feed(parser, junk, junk, junk, "\n"u8.ToArray(), Seed);

        Assert.Equal([new KeyLogError(1, KeyLogErrorReason.LineTooLong, "test")], errors);
        Assert.Equal(5, entries.Count);
        Assert.Equal(6, parser.Lines);
    }

    [Fact]
    public void Finish_LastLineWithoutNewline_Parsed()
    {
        var parser = new KeyLogStreamParser("test");
        byte[] noNewline = Seed.AsSpan(0, Seed.Length - 1).ToArray();

        var (entries, _) = Feed(parser, noNewline);
        var finished = parser.Finish();

        Assert.Equal(4, entries.Count);
        Assert.False(parser.HasPartialLine);
        Assert.Single(finished.Entries);
        Assert.Equal(KeyLogLabel.ClientTrafficSecret, finished.Entries[0].Label);
    }
}
