using System.Text;
using TlsExtcap.Core.Keys;
using Xunit;

namespace TlsExtcap.Core.Tests.Keys;

public class KeyLogEntryTests
{
    [Fact]
    public void Format_SeedKeyLogLines_RoundTripsExactly()
    {
        string[] lines = KeyLogParserTests.SeedKeyLog.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        KeyLogParseResult result = KeyLogParser.Parse(Encoding.ASCII.GetBytes(KeyLogParserTests.SeedKeyLog), "seed");

        Assert.Equal(lines, result.Entries.Select(e => e.Format()).ToArray());
    }

    [Theory]
    [InlineData("client traffic 3", "CLIENT_TRAFFIC_SECRET_3 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf")]
    [InlineData("early exporter", "EARLY_EXPORTER_SECRET 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf")]
    [InlineData("rsa", "RSA 0011223344556677 a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf")]
    [InlineData("pms", "PMS_CLIENT_RANDOM 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f 0102")]
    public void Format_ParsedLine_ReproducesTheLine(string caseName, string line)
    {
        KeyLogEntry entry = Assert.Single(KeyLogParser.Parse(Encoding.ASCII.GetBytes(line), caseName).Entries);

        Assert.Equal(line, entry.Format());
    }

    [Fact]
    public void WriteLine_SeedEntries_SameBytesAsFormatPlusNewline()
    {
        KeyLogParseResult result = KeyLogParser.Parse(Encoding.ASCII.GetBytes(KeyLogParserTests.SeedKeyLog), "seed");

        foreach (KeyLogEntry entry in result.Entries)
        {
            byte[] buffer = new byte[entry.LineLength + 7];
            int written = entry.WriteLine(buffer);

            Assert.Equal(entry.LineLength, written);
            Assert.Equal(entry.Format() + "\n", Encoding.ASCII.GetString(buffer, 0, written));
        }
    }

    [Fact]
    public void WriteLine_BufferTooSmall_Throws()
    {
        KeyLogEntry entry = KeyLogParser.Parse(Encoding.ASCII.GetBytes(KeyLogParserTests.SeedKeyLog), "seed").Entries[0];

        Assert.Throws<ArgumentOutOfRangeException>(() => entry.WriteLine(new byte[entry.LineLength - 1]));
    }

    [Fact]
    public void Key_SeedEntry_LabelAndIdentifierWithoutSecret()
    {
        KeyLogEntry entry = KeyLogParser.Parse(Encoding.ASCII.GetBytes(KeyLogParserTests.SeedKeyLog), "seed").Entries[0];
        string secret = Convert.ToHexStringLower(entry.Secret.Span);

        Assert.Equal(entry.Format()[..entry.Format().LastIndexOf(' ')], entry.Key);
        Assert.DoesNotContain(secret, entry.Key);
    }

    [Fact]
    public void Format_UppercaseInput_WritesLowercase()
    {
        string line = "CLIENT_RANDOM 000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCDCECF";

        KeyLogEntry entry = Assert.Single(KeyLogParser.Parse(Encoding.ASCII.GetBytes(line), "upper").Entries);

        Assert.Equal(line.ToLowerInvariant().Replace("client_random", "CLIENT_RANDOM"), entry.Format());
    }

    [Fact]
    public void ToString_Entry_DoesNotContainTheSecret()
    {
        byte[] secret = Enumerable.Range(0xA0, 48).Select(i => (byte)i).ToArray();
        var entry = new KeyLogEntry(KeyLogLabel.ClientRandom, new byte[32], secret);

        string text = entry.ToString();

        Assert.DoesNotContain(Convert.ToHexStringLower(secret), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexStringLower(secret.AsSpan(0, 4)), text, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("CLIENT_RANDOM ", text);
    }

    [Fact]
    public void Constructor_CopiesInputs()
    {
        byte[] random = new byte[32];
        byte[] secret = new byte[32];
        var entry = new KeyLogEntry(KeyLogLabel.ServerTrafficSecret, random, secret, generation: 2);

        random[0] = 1;
        secret[0] = 1;

        Assert.Equal(0, entry.Identifier.Span[0]);
        Assert.Equal(0, entry.Secret.Span[0]);
        Assert.Equal("SERVER_TRAFFIC_SECRET_2", entry.LabelText);
    }

    [Theory]
    [InlineData("short random", KeyLogLabel.ClientRandom, 31, 48, 0)]
    [InlineData("rsa id 32", KeyLogLabel.Rsa, 32, 48, 0)]
    [InlineData("master secret 47", KeyLogLabel.ClientRandom, 32, 47, 0)]
    [InlineData("empty pms", KeyLogLabel.PmsClientRandom, 32, 0, 0)]
    [InlineData("generation on exporter", KeyLogLabel.ExporterSecret, 32, 32, 1)]
    [InlineData("negative generation", KeyLogLabel.ClientTrafficSecret, 32, 32, -1)]
    public void Constructor_InvalidFields_Throws(string caseName, KeyLogLabel label, int identifierLength, int secretLength, int generation)
    {
        Assert.ThrowsAny<ArgumentException>(() => new KeyLogEntry(label, new byte[identifierLength], new byte[secretLength], generation));
        Assert.NotNull(caseName);
    }
}
