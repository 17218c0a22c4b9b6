using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Wireshark;

/// <summary>
/// The whole path of the annotations: the seed replayed through <c>tshark -i tls-replay</c> (keys mode), saved,
/// and read back by the real tshark with the Lua companion that <c>tlsextcap install</c> put in the personal
/// plugins folder — no key preference, no <c>-X</c>.
/// </summary>
public sealed class ReplayAnnotationTests : IClassFixture<Tshark>
{
    private readonly Tshark _tshark;
    private readonly Lazy<string> _replayed;

    public ReplayAnnotationTests(Tshark tshark)
    {
        _tshark = tshark;
        _replayed = new Lazy<string>(() => Replay(null));
    }

    [Fact]
    public void Replay_Seed_BothFinishedVerifyDataAreVerifiedAndFilterable()
    {
        var (code, stdout, stderr) = _tshark.Run("-r", _replayed.Value, "-Y", "tlsextcap.name == \"Verify Data\" && tlsextcap.verified",
            "-T", "fields", "-e", "frame.number");
        Assert.True(code == 0, stderr);
        Assert.Equal(["10", "12"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("Lua", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_Seed_ClientHelloFieldsAreInTheTree()
    {
        var (_, stdout, _) = _tshark.Run("-r", _replayed.Value, "-Y", "frame.number == 8", "-V");
        Assert.Contains("TLS annotations", stdout, StringComparison.Ordinal);
        Assert.Contains("Extension: key_share: x25519", stdout, StringComparison.Ordinal);
        Assert.Contains("Cipher Suite: TLS_AES_256_GCM_SHA384 (0x1302)", stdout, StringComparison.Ordinal);
        Assert.Contains("Explanation: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_Seed_CertificateFieldsAndChainCheckAreThere()
    {
        var (_, stdout, _) = _tshark.Run("-r", _replayed.Value, "-Y", "tlsextcap.name == \"Subject\"", "-T", "fields", "-e", "frame.number");
        Assert.Equal("10", stdout.Trim());
        var (_, values, _) = _tshark.Run("-r", _replayed.Value, "-Y", "frame.number == 10", "-T", "fields", "-E", "occurrence=a", "-e", "tlsextcap.value");
        Assert.Contains("CN=test.bithole.dev", values, StringComparison.Ordinal);
        Assert.Contains("verified: signed by C=US,O=Let's Encrypt,CN=R3", values, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_AnnotateNone_OnlyTheSummaryComment()
    {
        string output = Replay("none");
        var (_, stdout, _) = _tshark.Run("-r", output, "-Y", "tlsextcap.name", "-T", "fields", "-e", "frame.number");
        Assert.Equal(string.Empty, stdout.Trim());
        var (_, summaries, _) = _tshark.Run("-r", output, "-Y", "tlsextcap.summary", "-T", "fields", "-e", "frame.number");
        Assert.NotEmpty(summaries.Trim());
    }

    private string Replay(string? annotate)
    {
        string output = _tshark.Temp($"seed-annotated-{Guid.NewGuid():N}.pcapng");
        string[] options = [$"extcap.tls_replay.file:{Cli.Data("seed", "capture.pcap")}", $"extcap.tls_replay.keylog:{Cli.Data("seed", "keylog.txt")}"];
        return _tshark.Capture("tls-replay", output, annotate is null ? options : [.. options, $"extcap.tls_replay.annotate:{annotate}"]);
    }
}
