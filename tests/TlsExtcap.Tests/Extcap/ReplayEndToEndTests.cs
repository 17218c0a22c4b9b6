using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Extcap;

/// <summary>The seed replayed through tshark -i tls-replay in every mode, read back with no key preference.</summary>
public class ReplayEndToEndTests : IClassFixture<Tshark>
{
    private static readonly string Capture = Cli.Data("seed", "capture.pcap");
    private static readonly string KeyLog = Cli.Data("seed", "keylog.txt");
    private readonly Tshark _tshark;

    public ReplayEndToEndTests(Tshark tshark)
    {
        _tshark = tshark;
    }

    [Fact]
    public void Install_TemporaryHome_ListsBothInterfaces()
    {
        var (code, stdout, _) = _tshark.Run("-D");

        Assert.Equal(0, code);
        Assert.Contains("tls-replay (TLS replay: decrypt a capture file)", stdout);
        Assert.Contains("tls-live (TLS live: decrypt a live interface)", stdout);
        Assert.Contains(".config/wireshark/extcap", _tshark.InstallOutput);
    }

    [Fact]
    public void KeysMode_Seed_TsharkDecryptsWithoutKeyPreference()
    {
        string output = Replay("keys");

        var (_, finished, _) = _tshark.Run("-r", output, "-Y", "tls.handshake.type == 20", "-T", "fields", "-e", "frame.number");
        Assert.Equal(2, finished.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var (_, follow, _) = _tshark.Run("-r", output, "-q", "-z", "follow,tls,raw,0");
        Assert.Contains("deadbeef", follow);
        var (_, comments, _) = _tshark.Run("-r", output, "-Y", "frame.comment contains \"TLS_AES_256_GCM_SHA384\"", "-T", "fields", "-e", "frame.number");
        Assert.NotEmpty(comments.Trim());
        // The original 20 frames, unchanged in number.
        var (_, frames, _) = _tshark.Run("-r", output, "-T", "fields", "-e", "frame.number");
        Assert.Equal(20, frames.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void PlaintextMode_Seed_DeadBeefIsTcpPayload()
    {
        string output = Replay("plaintext");

        var (_, payload, _) = _tshark.Run("-r", output, "-Y", "tcp.len > 0", "-T", "fields", "-e", "tcp.payload", "-e", "tcp.srcport");
        Assert.Equal("deadbeef\t50400", payload.Trim());
        var (_, tls, _) = _tshark.Run("-r", output, "-Y", "tls");
        Assert.Equal(string.Empty, tls.Trim());
        var (_, checksums, _) = _tshark.Run("-r", output, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-Y", "tcp.checksum.status == 2 || ip.checksum.status == 2");
        Assert.Equal(string.Empty, checksums.Trim());
    }

    [Fact]
    public void PduMode_Seed_DeadBeefIsExportedPdu()
    {
        string output = Replay("pdu");

        var (_, pdus, _) = _tshark.Run("-r", output, "-Y", "exported_pdu", "-T", "fields", "-e", "exported_pdu.orig_fno", "-e", "exported_pdu.src_port");
        Assert.Equal("16\t50400", pdus.Trim());
        var (_, hex, _) = _tshark.Run("-r", output, "-x");
        Assert.Contains("de ad be ef", hex);
    }

    private string Replay(string mode)
    {
        string output = _tshark.Temp($"seed-{mode}-{Guid.NewGuid():N}.pcapng");
        return _tshark.Capture("tls-replay", output,
            $"extcap.tls_replay.file:{Capture}", $"extcap.tls_replay.keylog:{KeyLog}", $"extcap.tls_replay.mode:{mode}");
    }
}
