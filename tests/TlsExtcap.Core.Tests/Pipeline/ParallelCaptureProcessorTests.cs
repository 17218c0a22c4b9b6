using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Tests.Support;
using TlsExtcap.Core.Tls.Session;
using Xunit;

namespace TlsExtcap.Core.Tests.Pipeline;

/// <summary>
/// The parallel processor finds what one processor finds — the same connections, numbered alike, with the
/// same records, statuses and decrypted data — whatever the number of workers, including a TLS 1.2 session
/// resumed on another worker than the one that cached it.
/// </summary>
public sealed class ParallelCaptureProcessorTests
{
    public static TheoryData<string, int> GeneratedCaptures()
    {
        var data = new TheoryData<string, int>();
        foreach (string capture in Directory.GetFiles(TestFiles.Path("generated"), "*.pcapng").Order())
        {
            string name = Path.GetFileNameWithoutExtension(capture);
            if (File.Exists(TestFiles.Path("generated", name + ".keylog")))
            {
                foreach (int workers in new[] { 2, 3, 5 })
                {
                    data.Add(name, workers);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GeneratedCaptures))]
    public void Process_GeneratedCapture_SameConnectionsAsOneProcessor(string name, int workers)
    {
        string capture = TestFiles.Path("generated", name + ".pcapng");
        string keyLog = TestFiles.Path("generated", name + ".keylog");
        var (expected, expectedFrames) = RunOne(capture, keyLog);
        var (actual, actualFrames) = RunParallel(capture, keyLog, workers);

        Assert.NotEmpty(expected);
        Assert.Equal(expectedFrames, actualFrames);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Process_SessionResumedOnAnotherWorker_FindsTheCachedSession()
    {
        // Only the first connection's master secret is in the key log: the second, an abbreviated handshake
        // resuming its session ID, needs the session cache filled by the first.
        string capture = TestFiles.Path("generated", "tls12-resumption-sessionid.pcapng");
        string keyLog = TestFiles.Path("generated", "tls12-resumption-sessionid.first-only.keylog");
        var (one, _) = RunOne(capture, keyLog);
        Assert.Equal(2, one.Count);
        var first = Connections(capture, keyLog)[0];
        var second = Connections(capture, keyLog)[1];
        int workers = Enumerable.Range(2, 7).First(n =>
            ParallelCaptureProcessor.WorkerOf(first.Client, first.Server, first.Transport, n)
            != ParallelCaptureProcessor.WorkerOf(second.Client, second.Server, second.Transport, n));

        var (parallel, _) = RunParallel(capture, keyLog, workers);

        Assert.Equal(one, parallel);
        Assert.All(parallel, c => Assert.Equal(nameof(ConnectionStatus.Decrypted), c.Status));
        Assert.Equal([false, true], parallel.Select(c => c.Resumed));
    }

    [Fact]
    public void Process_CaptureCutShort_FramesBeforeTheDamageProcessedThenThrows()
    {
        byte[] whole = File.ReadAllBytes(TestFiles.Path("generated", "curl-http.pcapng"));
        byte[] cut = whole[..(whole.Length * 2 / 3)];
        string keyLog = TestFiles.Path("generated", "curl-http.keylog");

        long expectedFrames;
        using (var one = new CaptureProcessor(Keys(keyLog)))
        {
            Assert.Throws<CaptureFormatException>(() => one.Process(CaptureReader.Open(new MemoryStream(cut), "cut")));
            expectedFrames = one.Frames;
        }

        using var parallel = new ParallelCaptureProcessor(Keys(keyLog), 3);
        Assert.Throws<CaptureFormatException>(() => parallel.Process(CaptureReader.Open(new MemoryStream(cut), "cut")));
        parallel.Finish();

        Assert.True(expectedFrames > 0);
        Assert.Equal(expectedFrames, parallel.Frames);
        Assert.NotEmpty(parallel.Connections);
    }

    private static (List<Fingerprint> Connections, long Frames) RunOne(string capture, string keyLog)
    {
        using var processor = new CaptureProcessor(Keys(keyLog));
        using (var reader = CaptureReader.Open(capture))
        {
            processor.Process(reader);
        }

        processor.Finish();
        return ([.. processor.Connections.Select(Fingerprint.Of)], processor.Frames);
    }

    private static (List<Fingerprint> Connections, long Frames) RunParallel(string capture, string keyLog, int workers)
    {
        using var processor = new ParallelCaptureProcessor(Keys(keyLog), workers);
        using (var reader = CaptureReader.Open(capture))
        {
            processor.Process(reader);
        }

        processor.Finish();
        return ([.. processor.Connections.Select(Fingerprint.Of)], processor.Frames);
    }

    private static IReadOnlyList<TlsConnection> Connections(string capture, string keyLog)
    {
        var processor = new CaptureProcessor(Keys(keyLog));
        using (var reader = CaptureReader.Open(capture))
        {
            processor.Process(reader);
        }

        processor.Finish();
        return processor.Connections;
    }

    private static KeyStore Keys(string keyLog)
    {
        var keys = new KeyStore();
        keys.AddRange(KeyLogParser.ParseFile(keyLog).Entries);
        return keys;
    }

    /// <summary>What the reports show of a connection.</summary>
    private sealed record Fingerprint(
        int Id, long FirstFrame, long LastFrame, string Client, string Server, string Status, string? Version, string? Suite, bool Resumed,
        string ClientToServer, string ServerToClient)
    {
        public static Fingerprint Of(TlsConnection c) => new(
            c.Id, c.FirstFrame, c.LastFrame, c.Client.ToString(), c.Server.ToString(), c.Status.ToString(), c.VersionName, c.CipherSuiteName, c.Resumed,
            Stats(c.ClientToServer), Stats(c.ServerToClient));

        private static string Stats(DirectionStats s) =>
            $"{s.Records} {s.PlaintextRecords} {s.EncryptedRecords} {s.EncryptedRecordsDecrypted} {s.AppDataRecords} {s.AppDataRecordsDecrypted} "
            + $"{s.AppDataRecordsFailed} {s.AppDataBytes} {s.FailureCount} {(s.AppDataSha256 is { } hash ? Convert.ToHexString(hash) : "-")}";
    }
}
