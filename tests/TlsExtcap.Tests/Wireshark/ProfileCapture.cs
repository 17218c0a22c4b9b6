using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Dissection;
using TlsExtcap.Output;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Wireshark;

/// <summary>
/// A temporary HOME with <c>tlsextcap install</c> done (extcap, tlsextcap.lua, the TlsExtcap profile) and a
/// capture with one frame per thing the profile shows: hellos (version, suite, SNI columns), a decrypted
/// handshake, failed checks, missing keys, a bad record MAC, a verified and a warning-only annotation.
/// </summary>
public sealed class ProfileCapture : IDisposable
{
    public const int ClientHello = 1;
    public const int ServerHello = 2;
    public const int Finished = 3;
    public const int NoKeys = 4;
    public const int BadRecordMac = 5;
    public const int VerifiedOnly = 6;
    public const int WarningOnly = 7;
    public const int Plain = 8;
    public const int ServerHelloWithoutSummaryVersion = 9;

    public const string ServerName = "example.test";

    public ProfileCapture()
    {
        Tshark = new Tshark();
        Path = Tshark.Temp("profile.pcapng");
        using var writer = new PcapngWriter(File.Create(Path));
        writer.AddInterface(LinkType.Ethernet);
        long time = 0;
        void Write(byte[] frame, params IEnumerable<string> comments) =>
            writer.WritePacket(0, time += 1_000_000, frame, comments: comments.ToList());

        byte[] serverHello = AnnotationSamples.ServerHelloRecord();
        Write(AnnotationSamples.TcpFrame(AnnotationSamples.ClientHelloRecord(ServerName)), "TlsExtcap: TLS | ClientHello | 1 record");
        Write(AnnotationSamples.TcpFrame(serverHello, toServer: false),
            "TlsExtcap: TLS 1.3 TLS_AES_128_GCM_SHA256 | ServerHello, EncryptedExtensions | 2 records, 1/1 decrypted");
        byte[] finished = AnnotationSamples.FinishedFrame()[AnnotationSamples.PayloadOffset..];
        Write(AnnotationSamples.TcpFrame(finished, toServer: false, sequence: 1 + (uint)serverHello.Length),
            AnnotationComments.Encode(AnnotationSamples.Finished(Finished)).Prepend("TlsExtcap: TLS 1.3 TLS_AES_128_GCM_SHA256 | Finished | 1 record, 1/1 decrypted"));

        byte[] data = AnnotationSamples.ApplicationDataRecord(40);
        Write(AnnotationSamples.TcpFrame(data, toServer: false, clientPort: 50001),
            "TlsExtcap: TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 | 1 record, 0/1 decrypted, 1 no keys");
        Write(AnnotationSamples.TcpFrame(data, toServer: false, clientPort: 50002),
            "TlsExtcap: TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 | 1 record, 0/1 decrypted, 1 bad record mac");
        Write(AnnotationSamples.TcpFrame(data, toServer: false, clientPort: 50003),
            One(VerifiedOnly, AnnotationSeverity.Verified).Prepend("TlsExtcap: TLS 1.3 TLS_AES_128_GCM_SHA256 | Finished | 1 record, 1/1 decrypted"));
        Write(AnnotationSamples.TcpFrame(data, toServer: false, clientPort: 50004),
            One(WarningOnly, AnnotationSeverity.Warning).Prepend("TlsExtcap: TLS 1.3 TLS_AES_128_GCM_SHA256 | Certificate | 1 record, 1/1 decrypted"));
        Write(AnnotationSamples.TcpFrame(data, toServer: false, clientPort: 50005));
        Write(AnnotationSamples.TcpFrame(serverHello, toServer: false, clientPort: 50006), "TlsExtcap: TLS | ServerHello | 1 record");
    }

    public Tshark Tshark { get; }

    public string Path { get; }

    /// <summary>tshark -C TlsExtcap -r &lt;capture&gt; ARGS, with the installed plugin and profile (no -X).</summary>
    public (string Stdout, string Stderr) Run(params string[] args)
    {
        var (code, stdout, stderr) = Tshark.Run(["-C", "TlsExtcap", "-r", Path, .. args]);
        Assert.True(code == 0, $"tshark exited {code}: {stderr}");
        AnnotatedCapture.AssertNoLuaError(stdout, stderr);
        return (stdout, stderr);
    }

    public void Dispose() => Tshark.Dispose();

    private static IReadOnlyList<string> One(int frameNumber, AnnotationSeverity severity)
    {
        byte[] bytes = AnnotationSamples.TcpFrame(AnnotationSamples.ApplicationDataRecord(40));
        var annotation = new FrameAnnotation(frameNumber, DataSource.ForFrame(frameNumber, bytes), AnnotationSamples.Connection(), default);
        annotation.Add(new AnnotationNode("check", annotation.FrameSource, AnnotationSamples.PayloadOffset, 5, severity.ToString().ToLowerInvariant()) { Severity = severity });
        return AnnotationComments.Encode(annotation);
    }
}
