using System.IO.Compression;
using System.Text;
using TlsExtcap.KeyInject.Tests.Support;

namespace TlsExtcap.KeyInject.Tests.Commands;

public sealed class InjectCommandTests : IDisposable
{
    private const string SeedPlaintextHex = "deadbeef";
    private static readonly string SeedCapture = Cli.Data("seed", "capture.pcap");
    private static readonly string SeedKeyLog = Cli.Data("seed", "keylog.txt");
    private static readonly string Tls13Capture = Cli.Data("illustrated-tls13", "capture.pcap");
    private static readonly string Tls13KeyLog = Cli.Data("illustrated-tls13", "keylog.txt");
    private static readonly string Tls12Capture = Cli.Data("illustrated-tls12", "capture.pcap");
    private static readonly string Tls12KeyLog = Cli.Data("illustrated-tls12", "keylog.txt");

    private readonly TempDirectory _temp = new();
    private readonly WiresharkTools _tools = new();

    public void Dispose()
    {
        _tools.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Inject_SeedPcap_DsbAfterInterfaceBeforeClientHelloFrame()
    {
        string output = Inject(SeedCapture, SeedKeyLog);

        // The seed's ClientHello is frame 8 (tshark 4.0.17).
        var expected = new List<string> { "SHB", "IDB" };
        expected.AddRange(Enumerable.Range(1, 7).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        expected.Add("DSB");
        expected.AddRange(Enumerable.Range(8, 13).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected, Captures.BlockOrder(output));
    }

    [Fact]
    public void Inject_SeedPcap_PacketsUnchanged()
    {
        string output = Inject(SeedCapture, SeedKeyLog);

        Assert.Equal(Captures.Packets(SeedCapture), Captures.Packets(output));
    }

    [Fact]
    public void Inject_SeedPcap_TsharkDecryptsWithNoKeyPreference()
    {
        Assert.DoesNotContain(SeedPlaintextHex, _tools.FollowTlsRaw(SeedCapture));

        string output = Inject(SeedCapture, SeedKeyLog);

        Assert.Contains(SeedPlaintextHex, _tools.FollowTlsRaw(output));
    }

    [Fact]
    public void Inject_SeedPcap_EditcapAndMergecapAccept()
    {
        string output = Inject(SeedCapture, SeedKeyLog);

        var edit = _tools.Run("editcap", output, _temp.File("edited.pcapng"));
        var merge = _tools.Run("mergecap", "-w", _temp.File("merged.pcapng"), output);

        Assert.True(edit.Code == 0, edit.Stderr);
        Assert.True(merge.Code == 0, merge.Stderr);
        Assert.Contains(SeedPlaintextHex, _tools.FollowTlsRaw(_temp.File("merged.pcapng")));
    }

    [Theory]
    [InlineData("little-endian", false)]
    [InlineData("big-endian", true)]
    public void Inject_PcapngWithoutDsb_CopiesEveryBlockByteForByte(string label, bool bigEndian)
    {
        byte[] pcapng = Captures.ToPcapng(SeedCapture);
        if (bigEndian)
        {
            pcapng = Captures.ToBigEndian(pcapng);
        }

        string input = _temp.File($"{label}.pcapng");
        File.WriteAllBytes(input, pcapng);

        string output = Inject(input, SeedKeyLog);

        var inputOrder = Captures.BlockOrder(input);
        var expectedOrder = new List<string>(inputOrder);
        expectedOrder.Insert(inputOrder.IndexOf("8"), "DSB");
        Assert.Equal(expectedOrder, Captures.BlockOrder(output));
        Assert.Equal(Captures.Packets(input), Captures.Packets(output));
        Assert.Equal(pcapng, WithoutDecryptionSecrets(File.ReadAllBytes(output), bigEndian));
        Assert.Contains(SeedPlaintextHex, _tools.FollowTlsRaw(output));
    }

    [Fact]
    public void Inject_GzipPcap_ReadsIt()
    {
        string input = _temp.File("seed.pcap.gz");
        using (var file = File.Create(input))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(SeedCapture));
        }

        string output = Inject(input, SeedKeyLog);

        Assert.Equal(Captures.Packets(SeedCapture), Captures.Packets(output));
    }

    [Fact]
    public void Inject_KeyLogOfOtherConnections_LeaksNoneWithoutAll()
    {
        string keyLog = MixedKeyLog();

        var (code, stdout, stderr) = Cli.Run("inject", SeedCapture, "--keylog", keyLog, "-o", _temp.File("out.pcapng"));

        Assert.True(code == 0, stderr);
        Assert.Contains("6 lines of connections not in the capture left out", stdout);
        Assert.Equal(Cli.SortedLines(File.ReadAllText(SeedKeyLog)), Cli.SortedLines(Extract(_temp.File("out.pcapng"))));
        string bytes = Encoding.ASCII.GetString(File.ReadAllBytes(_temp.File("out.pcapng")));
        foreach (string line in File.ReadAllLines(Tls13KeyLog).Concat(File.ReadAllLines(Tls12KeyLog)))
        {
            Assert.DoesNotContain(line.Split(' ')[2], bytes);
        }
    }

    [Fact]
    public void Inject_All_EmbedsEveryLineAfterTheInterfaces()
    {
        string keyLog = MixedKeyLog();

        string output = Inject(SeedCapture, keyLog, "--all");

        Assert.Equal(Cli.SortedLines(File.ReadAllText(keyLog)), Cli.SortedLines(Extract(output)));
        var order = Captures.BlockOrder(output);
        Assert.Equal(["SHB", "IDB", "DSB", "1"], order.Take(4));
        Assert.Equal("DSB", order[order.IndexOf("8") - 1]);
        Assert.Contains(SeedPlaintextHex, _tools.FollowTlsRaw(output));
        Assert.Equal(0, _tools.Run("mergecap", "-w", _temp.File("merged.pcapng"), output).Code);
    }

    [Fact]
    public void Inject_EditcapOutputWithDsbBeforeInterface_MovesItAfterTheInterfaces()
    {
        string edited = _temp.File("editcap.pcapng");
        var edit = _tools.Run("editcap", "--inject-secrets", $"tls,{SeedKeyLog}", SeedCapture, edited);
        Assert.True(edit.Code == 0, edit.Stderr);
        Assert.Equal(["SHB", "DSB", "IDB"], Captures.BlockOrder(edited).Take(3));
        Assert.NotEqual(0, _tools.Run("mergecap", "-w", _temp.File("rejected.pcapng"), edited).Code);

        var (code, stdout, stderr) = Cli.Run("inject", edited, "--keylog", SeedKeyLog, "-o", _temp.File("out.pcapng"));

        Assert.True(code == 0, stderr);
        Assert.Contains("5 lines already in the capture's own Decryption Secrets Blocks", stdout);
        Assert.Equal(["SHB", "IDB", "DSB", "1"], Captures.BlockOrder(_temp.File("out.pcapng")).Take(4));
        var merge = _tools.Run("mergecap", "-w", _temp.File("merged.pcapng"), _temp.File("out.pcapng"));
        Assert.True(merge.Code == 0, merge.Stderr);
        Assert.Contains(SeedPlaintextHex, _tools.FollowTlsRaw(_temp.File("merged.pcapng")));
    }

    [Theory]
    [InlineData("illustrated-tls13")]
    [InlineData("illustrated-tls12")]
    public void Inject_IllustratedSession_TsharkShowsPingPong(string session)
    {
        string capture = Cli.Data(session, "capture.pcap");
        Assert.DoesNotContain("70696e67", _tools.FollowTlsRaw(capture));

        string output = Inject(capture, Cli.Data(session, "keylog.txt"));

        string follow = _tools.FollowTlsRaw(output);
        Assert.Contains("70696e67", follow);
        Assert.Contains("706f6e67", follow);
    }

    [Fact]
    public void Inject_OutputOverInput_ReplacesItWhole()
    {
        string input = _temp.File("seed.pcap");
        File.Copy(SeedCapture, input);

        var (code, _, stderr) = Cli.Run("inject", input, "--keylog", SeedKeyLog, "-o", input);

        Assert.True(code == 0, stderr);
        Assert.Equal(Captures.Packets(SeedCapture), Captures.Packets(input));
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void Inject_Output_ReadableByOwnerOnly()
    {
        string output = Inject(SeedCapture, SeedKeyLog);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
        }
    }

    [Fact]
    public void Inject_NoOutputOption_ExitsOne()
    {
        var (code, _, _) = Cli.Run("inject", SeedCapture, "--keylog", SeedKeyLog);

        Assert.Equal(1, code);
    }

    [Fact]
    public void Inject_MissingKeyLog_ExitsTwoNamingFile()
    {
        var (code, _, stderr) = Cli.Run("inject", SeedCapture, "--keylog", "/nonexistent/keys.txt", "-o", _temp.File("out.pcapng"));

        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/keys.txt", stderr);
        Assert.False(File.Exists(_temp.File("out.pcapng")));
    }

    [Fact]
    public void Inject_GarbageCapture_ExitsTwoAndWritesNothing()
    {
        string garbage = _temp.File("garbage.pcap");
        File.WriteAllText(garbage, "this is not a capture file at all");

        var (code, _, stderr) = Cli.Run("inject", garbage, "--keylog", SeedKeyLog, "-o", _temp.File("out.pcapng"));

        Assert.Equal(2, code);
        Assert.Contains("garbage.pcap", stderr);
        Assert.Equal([garbage], Directory.GetFiles(_temp.Path));
    }

    private string Inject(string capture, string keyLog, params string[] extra)
    {
        string output = _temp.File($"out-{Guid.NewGuid():N}.pcapng");
        var (code, _, stderr) = Cli.Run(["inject", capture, "--keylog", keyLog, "-o", output, .. extra]);
        Assert.True(code == 0, stderr);
        return output;
    }

    private static string Extract(string capture)
    {
        var (code, stdout, stderr) = Cli.Run("extract", capture);
        Assert.True(code == 0, stderr);
        return stdout;
    }

    /// <summary>The seed's five lines plus six of the Illustrated sessions (another connection's secrets).</summary>
    private string MixedKeyLog()
    {
        string path = _temp.File("mixed-keylog.txt");
        File.WriteAllLines(path, File.ReadAllLines(Tls13KeyLog).Concat(File.ReadAllLines(SeedKeyLog)).Concat(File.ReadAllLines(Tls12KeyLog)));
        return path;
    }

    /// <summary>The file with every Decryption Secrets Block cut out.</summary>
    private static byte[] WithoutDecryptionSecrets(byte[] file, bool bigEndian)
    {
        using var kept = new MemoryStream();
        int offset = 0;
        while (offset < file.Length)
        {
            var span = file.AsSpan(offset);
            uint type = bigEndian ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(span) : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span);
            int length = (int)(bigEndian ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(span[4..]) : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[4..]));
            if (type != 0x0000000A)
            {
                kept.Write(span[..length]);
            }

            offset += length;
        }

        return kept.ToArray();
    }
}
