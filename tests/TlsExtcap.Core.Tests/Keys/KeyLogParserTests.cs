using System.Text;
using TlsExtcap.Core.Keys;
using Xunit;

namespace TlsExtcap.Core.Tests.Keys;

public class KeyLogParserTests
{
    /// <summary>The seed session's key log (TLS 1.3, TLS_AES_256_GCM_SHA384: 48-byte secrets).</summary>
    internal const string SeedKeyLog =
        "SERVER_HANDSHAKE_TRAFFIC_SECRET 035735d60c9512c61134349e99999105922738a7ee2110b0692817ec961a21dd 475a0f3b5a86d4797e24545c2eb6388de9507e5e0bc367c74c3e78e0d8033f34b721a2e3a1d89ec5990287954402fc43\n" +
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET 035735d60c9512c61134349e99999105922738a7ee2110b0692817ec961a21dd bed3bd94fb526f9f2ed5228c43360315a81b8e7c301cca1ddb4bae0179443e82e7d4a3614285f2c33dbdc737e774615f\n" +
        "EXPORTER_SECRET 035735d60c9512c61134349e99999105922738a7ee2110b0692817ec961a21dd 17ba2887e8180ad7ce66a9acad9302b1bbda883a961895a0f28a8d311ab86de70d088cf3e00ed9476c77f6acb527b01f\n" +
        "SERVER_TRAFFIC_SECRET_0 035735d60c9512c61134349e99999105922738a7ee2110b0692817ec961a21dd d34e28e1c3e0213343aad2fe9052a62561822b65693ae28dcda969ec366829316c2b29a296dfeb94b3e03cfabeebb48e\n" +
        "CLIENT_TRAFFIC_SECRET_0 035735d60c9512c61134349e99999105922738a7ee2110b0692817ec961a21dd 2f3b4086e411fb1b06636c96321d1840f631d315c4aa85ef9d614c9ea46115a72d3c04cabc6fd22da8d89cddf23d2c43\n";

    internal const string SeedClientRandom = "035735d60c9512c61134349e99999105922738a7ee2110b0692817ec961a21dd";

    private const string Random32 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string Secret32 = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";
    private const string Secret48 = Secret32 + "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf";
    private const string Secret64 = Secret48 + "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf";

    private static KeyLogParseResult ParseText(string text) => KeyLogParser.Parse(Encoding.ASCII.GetBytes(text), "test.keys");

    [Fact]
    public void Parse_SeedKeyLog_ReturnsFiveTls13Entries()
    {
        KeyLogParseResult result = ParseText(SeedKeyLog);

        Assert.Empty(result.Errors);
        Assert.Equal(
            [KeyLogLabel.ServerHandshakeTrafficSecret, KeyLogLabel.ClientHandshakeTrafficSecret, KeyLogLabel.ExporterSecret, KeyLogLabel.ServerTrafficSecret, KeyLogLabel.ClientTrafficSecret],
            result.Entries.Select(e => e.Label).ToArray());
        Assert.All(result.Entries, e => Assert.Equal(SeedClientRandom, Convert.ToHexStringLower(e.Identifier.Span)));
        Assert.All(result.Entries, e => Assert.Equal(48, e.Secret.Length));
        Assert.All(result.Entries, e => Assert.Equal(0, e.Generation));
        Assert.Equal(
            "2f3b4086e411fb1b06636c96321d1840f631d315c4aa85ef9d614c9ea46115a72d3c04cabc6fd22da8d89cddf23d2c43",
            Convert.ToHexStringLower(result.Entries[4].Secret.Span));
    }

    [Theory]
    [InlineData("client random", "CLIENT_RANDOM " + Random32 + " " + Secret48, KeyLogLabel.ClientRandom, 0, 32, 48)]
    [InlineData("client early traffic", "CLIENT_EARLY_TRAFFIC_SECRET " + Random32 + " " + Secret32, KeyLogLabel.ClientEarlyTrafficSecret, 0, 32, 32)]
    [InlineData("client handshake traffic", "CLIENT_HANDSHAKE_TRAFFIC_SECRET " + Random32 + " " + Secret32, KeyLogLabel.ClientHandshakeTrafficSecret, 0, 32, 32)]
    [InlineData("server handshake traffic", "SERVER_HANDSHAKE_TRAFFIC_SECRET " + Random32 + " " + Secret48, KeyLogLabel.ServerHandshakeTrafficSecret, 0, 32, 48)]
    [InlineData("client traffic 0", "CLIENT_TRAFFIC_SECRET_0 " + Random32 + " " + Secret32, KeyLogLabel.ClientTrafficSecret, 0, 32, 32)]
    [InlineData("client traffic 3", "CLIENT_TRAFFIC_SECRET_3 " + Random32 + " " + Secret48, KeyLogLabel.ClientTrafficSecret, 3, 32, 48)]
    [InlineData("server traffic 12", "SERVER_TRAFFIC_SECRET_12 " + Random32 + " " + Secret32, KeyLogLabel.ServerTrafficSecret, 12, 32, 32)]
    [InlineData("exporter", "EXPORTER_SECRET " + Random32 + " " + Secret48, KeyLogLabel.ExporterSecret, 0, 32, 48)]
    [InlineData("early exporter", "EARLY_EXPORTER_SECRET " + Random32 + " " + Secret32, KeyLogLabel.EarlyExporterSecret, 0, 32, 32)]
    [InlineData("sha512 secret tolerated", "EXPORTER_SECRET " + Random32 + " " + Secret64, KeyLogLabel.ExporterSecret, 0, 32, 64)]
    [InlineData("rsa", "RSA 0011223344556677 " + Secret48, KeyLogLabel.Rsa, 0, 8, 48)]
    [InlineData("pms 48", "PMS_CLIENT_RANDOM " + Random32 + " " + Secret48, KeyLogLabel.PmsClientRandom, 0, 32, 48)]
    [InlineData("pms 1", "PMS_CLIENT_RANDOM " + Random32 + " 07", KeyLogLabel.PmsClientRandom, 0, 32, 1)]
    [InlineData("pms 32 (x25519)", "PMS_CLIENT_RANDOM " + Random32 + " " + Secret32, KeyLogLabel.PmsClientRandom, 0, 32, 32)]
    public void Parse_EachLabel_ReturnsEntry(string caseName, string line, KeyLogLabel label, int generation, int identifierLength, int secretLength)
    {
        KeyLogParseResult result = ParseText(line);

        Assert.True(result.Errors.Count == 0, caseName);
        KeyLogEntry entry = Assert.Single(result.Entries);
        Assert.Equal(label, entry.Label);
        Assert.Equal(generation, entry.Generation);
        Assert.Equal(identifierLength, entry.Identifier.Length);
        Assert.Equal(secretLength, entry.Secret.Length);
    }

    [Fact]
    public void Parse_PmsOf1024Bytes_ReturnsEntry()
    {
        string line = "PMS_CLIENT_RANDOM " + Random32 + " " + new string('a', 2048);

        KeyLogParseResult result = ParseText(line);

        Assert.Empty(result.Errors);
        Assert.Equal(1024, Assert.Single(result.Entries).Secret.Length);
    }

    [Theory]
    [InlineData("comments and blank lines", "# comment\n\n   \n#CLIENT_RANDOM x y\nCLIENT_RANDOM " + Random32 + " " + Secret48 + "\n# trailing\n")]
    [InlineData("crlf", "# comment\r\n\r\nCLIENT_RANDOM " + Random32 + " " + Secret48 + "\r\n")]
    [InlineData("no trailing newline", "\n\nCLIENT_RANDOM " + Random32 + " " + Secret48)]
    [InlineData("uppercase hex", "CLIENT_RANDOM 000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCDCECF\n")]
    [InlineData("leading, trailing and repeated spaces", "   CLIENT_RANDOM  " + Random32 + "\t" + Secret48 + "   \n")]
    [InlineData("indented comment", "  # note\nCLIENT_RANDOM " + Random32 + " " + Secret48)]
    [InlineData("utf-8 byte order mark", "\uFEFFCLIENT_RANDOM " + Random32 + " " + Secret48)]
    [InlineData("utf-8 comment", "# clé réseau\nCLIENT_RANDOM " + Random32 + " " + Secret48)]
    public void Parse_TextVariants_ReturnsTheSameEntry(string caseName, string text)
    {
        KeyLogParseResult result = KeyLogParser.Parse(Encoding.UTF8.GetBytes(text), caseName);

        Assert.Empty(result.Errors);
        KeyLogEntry entry = Assert.Single(result.Entries);
        Assert.Equal(KeyLogLabel.ClientRandom, entry.Label);
        Assert.Equal(Random32, Convert.ToHexStringLower(entry.Identifier.Span));
        Assert.Equal(Secret48, Convert.ToHexStringLower(entry.Secret.Span));
    }

    [Theory]
    [InlineData("unknown label", "SERVER_RANDOM " + Random32 + " " + Secret48, KeyLogErrorReason.UnknownLabel)]
    [InlineData("lower-case label", "client_random " + Random32 + " " + Secret48, KeyLogErrorReason.UnknownLabel)]
    [InlineData("traffic secret without N", "CLIENT_TRAFFIC_SECRET_ " + Random32 + " " + Secret48, KeyLogErrorReason.UnknownLabel)]
    [InlineData("traffic secret with bad N", "SERVER_TRAFFIC_SECRET_x " + Random32 + " " + Secret48, KeyLogErrorReason.UnknownLabel)]
    [InlineData("traffic secret N too long", "SERVER_TRAFFIC_SECRET_1234567890 " + Random32 + " " + Secret48, KeyLogErrorReason.UnknownLabel)]
    [InlineData("label only", "CLIENT_RANDOM", KeyLogErrorReason.MissingField)]
    [InlineData("no secret", "CLIENT_RANDOM " + Random32, KeyLogErrorReason.MissingField)]
    [InlineData("four fields", "CLIENT_RANDOM " + Random32 + " " + Secret48 + " extra", KeyLogErrorReason.ExtraField)]
    [InlineData("odd hex identifier", "CLIENT_RANDOM " + Random32 + "0 " + Secret48, KeyLogErrorReason.BadHex)]
    [InlineData("non-hex identifier", "CLIENT_RANDOM 0g0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f " + Secret48, KeyLogErrorReason.BadHex)]
    [InlineData("non-hex secret", "CLIENT_RANDOM " + Random32 + " zz" + Secret32 + "c0c1c2c3c4c5c6c7c8c9cacbcccdce", KeyLogErrorReason.BadHex)]
    [InlineData("0x prefix", "CLIENT_RANDOM 0x" + Random32 + " " + Secret48, KeyLogErrorReason.BadHex)]
    [InlineData("short client random", "CLIENT_RANDOM 0001020304 " + Secret48, KeyLogErrorReason.BadIdentifierLength)]
    [InlineData("rsa with 32-byte id", "RSA " + Random32 + " " + Secret48, KeyLogErrorReason.BadIdentifierLength)]
    [InlineData("master secret 32 bytes", "CLIENT_RANDOM " + Random32 + " " + Secret32, KeyLogErrorReason.BadSecretLength)]
    [InlineData("tls13 secret 16 bytes", "CLIENT_TRAFFIC_SECRET_0 " + Random32 + " 000102030405060708090a0b0c0d0e0f", KeyLogErrorReason.BadSecretLength)]
    [InlineData("rsa pms 32 bytes", "RSA 0011223344556677 " + Secret32, KeyLogErrorReason.BadSecretLength)]
    [InlineData("quoted secret", "PMS_CLIENT_RANDOM " + Random32 + " \"\"", KeyLogErrorReason.BadHex)]
    [InlineData("nul byte", "CLIENT_RANDOM\0" + Random32 + " " + Secret48, KeyLogErrorReason.BinaryData)]
    [InlineData("control byte", "\u0001\u0002\u0003", KeyLogErrorReason.BinaryData)]
    [InlineData("non-ascii outside a comment", "CLIENT_RANDOMé " + Random32 + " " + Secret48, KeyLogErrorReason.BinaryData)]
    public void Parse_BadLine_ReportsReasonAndLineNumber(string caseName, string badLine, KeyLogErrorReason reason)
    {
        string text = "# header\nCLIENT_RANDOM " + Random32 + " " + Secret48 + "\n\n" + badLine + "\nEXPORTER_SECRET " + Random32 + " " + Secret32 + "\n";

        KeyLogParseResult result = KeyLogParser.Parse(Encoding.UTF8.GetBytes(text), caseName);

        KeyLogError error = Assert.Single(result.Errors);
        Assert.Equal(new KeyLogError(4, reason, caseName), error);
        Assert.Equal([KeyLogLabel.ClientRandom, KeyLogLabel.ExporterSecret], result.Entries.Select(e => e.Label).ToArray());
    }

    [Fact]
    public void Parse_PmsLongerThan1024Bytes_ReportsBadSecretLength()
    {
        string text = "PMS_CLIENT_RANDOM " + Random32 + " " + new string('a', 2050);

        KeyLogParseResult result = ParseText(text);

        Assert.Equal(new KeyLogError(1, KeyLogErrorReason.BadSecretLength, "test.keys"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_LineLongerThanLimit_ReportsLineTooLongAndContinues()
    {
        string longLine = "CLIENT_RANDOM " + Random32 + " " + new string('a', KeyLogParser.MaxLineLength);
        string text = longLine + "\r\nCLIENT_RANDOM " + Random32 + " " + Secret48 + "\n" + new string('#', KeyLogParser.MaxLineLength + 1);

        KeyLogParseResult result = ParseText(text);

        Assert.Equal(
            [new KeyLogError(1, KeyLogErrorReason.LineTooLong, "test.keys"), new KeyLogError(3, KeyLogErrorReason.LineTooLong, "test.keys")],
            result.Errors);
        Assert.Single(result.Entries);
    }

    [Fact]
    public void Parse_LineOfExactlyTheLimit_IsNotTooLong()
    {
        string text = "#" + new string('x', KeyLogParser.MaxLineLength - 1) + "\r\n";

        KeyLogParseResult result = ParseText(text);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Entries);
    }

    [Theory]
    [InlineData("seed 1", 1)]
    [InlineData("seed 2", 2)]
    [InlineData("seed 3", 3)]
    [InlineData("seed 4", 4)]
    public void Parse_RandomBinaryNoise_ReturnsOnlyErrors(string caseName, int seed)
    {
        byte[] noise = new byte[256 * 1024];
        new Random(seed).NextBytes(noise);

        KeyLogParseResult result = KeyLogParser.Parse(noise, caseName);

        Assert.Empty(result.Entries);
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Equal(caseName, e.Source));
        Assert.Contains(result.Errors, e => e.Reason == KeyLogErrorReason.BinaryData);
    }

    [Fact]
    public void Parse_Empty_ReturnsNothing()
    {
        KeyLogParseResult result = KeyLogParser.Parse([], "empty");

        Assert.Empty(result.Entries);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Parse_EveryTruncatedPrefixOfALine_NeverThrowsAndNeverAcceptsAShorterSecret()
    {
        string line = "CLIENT_TRAFFIC_SECRET_0 " + Random32 + " " + Secret48;
        for (int length = 0; length < line.Length; length++)
        {
            KeyLogParseResult result = ParseText(line[..length]);

            // Truncation at 64 hex digits leaves a valid 32-byte secret: the only accepted prefix.
            if (result.Entries.Count > 0)
            {
                Assert.Equal(32, Assert.Single(result.Entries).Secret.Length);
            }
        }
    }

    [Fact]
    public void ParseFile_SeedKeyLog_ReturnsEntriesWithPathAsSource()
    {
        string path = Path.Combine(Path.GetTempPath(), $"keys-{Guid.NewGuid():N}.keys");
        File.WriteAllText(path, SeedKeyLog + "BOGUS line\n");
        try
        {
            KeyLogParseResult result = KeyLogParser.ParseFile(path);

            Assert.Equal(5, result.Entries.Count);
            Assert.Equal(new KeyLogError(6, KeyLogErrorReason.UnknownLabel, path), Assert.Single(result.Errors));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ParseFile_Missing_ThrowsNotFound()
    {
        string path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.keys");

        KeyFileException e = Assert.Throws<KeyFileException>(() => KeyLogParser.ParseFile(path));

        Assert.Equal(KeyFileError.NotFound, e.Reason);
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void ParseFile_LargerThan64MiB_ThrowsTooLarge()
    {
        string path = Path.Combine(Path.GetTempPath(), $"huge-{Guid.NewGuid():N}.keys");
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            // Sparse where the file system allows it: nothing is written.
            stream.SetLength(KeyLogParser.MaxFileSize + 1);
        }

        try
        {
            KeyFileException e = Assert.Throws<KeyFileException>(() => KeyLogParser.ParseFile(path));

            Assert.Equal(KeyFileError.TooLarge, e.Reason);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
