using System.Text;
using TlsExtcap.Core.Capture;
using TlsExtcap.Output;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Wireshark;

/// <summary>
/// A pcapng written with <see cref="PcapngWriter"/> whose frames carry annotation comments made by
/// <see cref="AnnotationComments"/> from <see cref="AnnotationSamples"/> trees (and some damaged ones),
/// and a bare HOME to run the real tshark with <c>-X lua_script:wireshark/tlsextcap.lua</c>.
/// </summary>
public sealed class AnnotatedCapture : IDisposable
{
    public const int Finished = 1;
    public const int MultiPart = 2;
    public const int HexDropped = 3;
    public const int Truncated = 4;
    public const int MissingPart = 5;
    public const int NoComments = 6;
    public const int SummaryOnly = 7;
    public const int BadVersion = 8;
    public const int BadNodeLine = 9;
    public const int UnknownSource = 10;
    public const int BadHex = 11;
    public const int DuplicatePart = 12;
    public const int OutsideTheFrame = 13;

    /// <summary>Frames 1–13 except <see cref="NoComments"/>.</summary>
    public const int AnnotatedFrames = 12;

    public const string FinishedSummary = "TlsExtcap: TLS 1.3 TLS_AES_256_GCM_SHA384 | Finished | 1 record, 1/1 decrypted";
    public const int MultiPartRecords = 700;

    public AnnotatedCapture()
    {
        Tshark = new Tshark(install: false);
        Path = Tshark.Temp("annotated.pcapng");
        using var writer = new PcapngWriter(File.Create(Path));
        writer.AddInterface(LinkType.Ethernet);
        byte[] frame = AnnotationSamples.FinishedFrame();

        int written = 0;
        void Write(int number, IEnumerable<string>? comments)
        {
            Assert.Equal(++written, number);
            writer.WritePacket(0, number * 1_000_000L, frame, comments: comments?.ToList());
        }

        Write(Finished, AnnotationComments.Encode(AnnotationSamples.Finished(Finished)).Prepend(FinishedSummary));

        MultiPartComments = AnnotationComments.Encode(AnnotationSamples.Large(MultiPartRecords, frameNumber: MultiPart));
        Write(MultiPart, MultiPartComments.Reverse().Prepend("TlsExtcap: TLS 1.3 | 1 record"));

        var finished = AnnotationSamples.Finished(HexDropped);
        int full = AnnotationComments.Encode(finished).Sum(c => Encoding.UTF8.GetByteCount(c));
        Write(HexDropped, AnnotationComments.Encode(finished, full - 10).Prepend(FinishedSummary));

        TruncatedComments = AnnotationComments.Encode(AnnotationSamples.Large(1500, frameNumber: Truncated), 20_000);
        Write(Truncated, TruncatedComments.Prepend("TlsExtcap: TLS 1.3 | 1 record"));

        var parts = AnnotationComments.Encode(AnnotationSamples.Large(MultiPartRecords, frameNumber: MissingPart));
        Write(MissingPart, parts.Where((_, i) => i != 1).Prepend("TlsExtcap: TLS 1.3 | 1 record"));

        Write(NoComments, null);
        Write(SummaryOnly, ["TlsExtcap: TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 | 1 record, 0/1 decrypted, 1 no keys"]);
        Write(BadVersion, ["TlsExtcap: TLS 1.3 | 1 record", "TlsExtcap-annotations 2 1/1\nN\t0\t0\t0\t1\tnone\tfrom the future\t\t"]);
        Write(BadNodeLine, ["TlsExtcap-annotations 1 1/1\nN\t0\t0\t54\t5\tnone\tgood\t\t\nN\t0\tzero\t0\t1\tnone\tbad\t\t\nN\t0\t0\t54\t1\tnone\tgood again\t\t"]);
        Write(UnknownSource, ["TlsExtcap-annotations 1 1/1\nN\t0\t3\t0\t1\tnone\tnowhere\t\t"]);
        Write(BadHex, ["TlsExtcap-annotations 1 1/1\nS\t1\tdecrypted\tD\txyz\nN\t0\t1\t0\t1\tnone\tin bad hex\t\t"]);
        Write(DuplicatePart, ["TlsExtcap-annotations 1 1/1\nN\t0\t0\t54\t1\tnone\tonce\t\t", "TlsExtcap-annotations 1 1/1\nN\t0\t0\t54\t1\tnone\ttwice\t\t"]);
        Write(OutsideTheFrame, ["TlsExtcap-annotations 1 1/1\nN\t0\t0\t500\t5\tnone\tfar away\t\t"]);
    }

    public Tshark Tshark { get; }

    public string Path { get; }

    public IReadOnlyList<string> MultiPartComments { get; }

    public IReadOnlyList<string> TruncatedComments { get; }

    /// <summary>
    /// tshark -X lua_script:&lt;repo&gt;/wireshark/tlsextcap.lua -r &lt;capture&gt; ARGS; fails on a Lua error
    /// anywhere in the output (a load error on stderr, a dissector error as a tree item).
    /// </summary>
    public string Lua(params string[] args)
    {
        var (code, stdout, stderr) = Tshark.Run(["-X", $"lua_script:{RepoFiles.LuaDissector}", "-r", Path, .. args]);
        Assert.True(code == 0, $"tshark exited {code}: {stderr}");
        AssertNoLuaError(stdout, stderr);
        return stdout;
    }

    public static void AssertNoLuaError(string stdout, string stderr)
    {
        Assert.DoesNotContain("Lua: Error", stderr);
        Assert.DoesNotContain("Lua:", stderr);
        Assert.DoesNotContain("Lua Error", stderr);
        Assert.DoesNotContain("Dissector bug", stderr);
        Assert.DoesNotContain("Lua Error", stdout);
        Assert.DoesNotContain("could not show the annotations", stdout);
        Assert.DoesNotContain("Dissector bug", stdout);
    }

    public void Dispose() => Tshark.Dispose();
}
