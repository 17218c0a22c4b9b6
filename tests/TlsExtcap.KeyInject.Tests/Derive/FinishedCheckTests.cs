using Serilog.Core;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Tls.Wire;
using TlsExtcap.KeyInject.Derive;
using TlsExtcap.KeyInject.Tests.Support;

namespace TlsExtcap.KeyInject.Tests.Derive;

/// <summary>A derived set is reported only when the Finished MACs confirm it.</summary>
public class FinishedCheckTests
{
    private static readonly byte[] IllustratedServerKey = Enumerable.Range(0x90, 32).Select(b => (byte)b).ToArray();

    [Theory]
    [InlineData("illustrated-tls13", false, "the server Finished MAC does not match the derived secrets")]
    [InlineData("illustrated-tls13", true, "the client Finished MAC does not match the derived secrets")]
    [InlineData("illustrated-tls12", true, "the client Finished MAC does not match the derived master secret")]
    [InlineData("illustrated-tls12", false, "the server Finished MAC does not match the derived master secret")]
    public void Finish_TamperedFinished_ReportsNothing(string session, bool clientFinished, string problem)
    {
        var (derivation, secondPass) = Passes(session);
        int index = secondPass.Messages.FindIndex(m => m.Type == HandshakeType.Finished && m.FromClient == clientFinished);
        byte[] tampered = (byte[])secondPass.Messages[index].Bytes.Clone();
        tampered[^1] ^= 1;
        secondPass.Messages[index] = secondPass.Messages[index] with { Bytes = tampered };

        var entries = derivation.Finish(secondPass, out string? reason);

        Assert.Null(entries);
        Assert.Equal(problem, reason);
    }

    [Theory]
    [InlineData("illustrated-tls13", 5)]
    [InlineData("illustrated-tls12", 1)]
    public void Finish_IntactHandshake_ReportsTheSet(string session, int count)
    {
        var (derivation, secondPass) = Passes(session);

        var entries = derivation.Finish(secondPass, out string? reason);

        Assert.True(entries is not null, reason);
        Assert.Equal(count, entries.Count);
    }

    [Fact]
    public void Finish_HandshakeNotDecrypted_ReportsNothing()
    {
        var (derivation, _) = Passes("illustrated-tls13");
        var firstPassOnly = Assert.Single(HandshakeCollector.Collect(Cli.Data("illustrated-tls13", "capture.pcap"), new KeyStore(), Logger.None));

        Assert.Null(derivation.Finish(firstPassOnly, out string? reason));
        Assert.Equal("the server's encrypted handshake did not decrypt with the derived handshake secrets", reason);
    }

    private static (IPendingDerivation Derivation, ConnectionHandshake SecondPass) Passes(string session)
    {
        string capture = Cli.Data(session, "capture.pcap");
        var first = Assert.Single(HandshakeCollector.Collect(capture, new KeyStore(), Logger.None));
        IPendingDerivation? derivation = session.EndsWith("13", StringComparison.Ordinal)
            ? Tls13Derivation.TryStart(first, [IllustratedServerKey], out string? problem)
            : Tls12Derivation.TryStart(first, [IllustratedServerKey], out problem);
        Assert.True(derivation is not null, problem);
        var keys = new KeyStore();
        keys.AddRange(derivation.TrialEntries);
        return (derivation, Assert.Single(HandshakeCollector.Collect(capture, keys, Logger.None)));
    }
}
