using TlsExtcap.Core.Keys;
using TlsExtcap.KeyInject.Inject;

namespace TlsExtcap.KeyInject.Tests.Inject;

public class InjectionPlanTests
{
    private static readonly byte[] InCapture = Enumerable.Repeat((byte)0x11, 32).ToArray();
    private static readonly byte[] Elsewhere = Enumerable.Repeat((byte)0x22, 32).ToArray();
    private static readonly byte[] Secret = Enumerable.Repeat((byte)0x33, 48).ToArray();
    private static readonly byte[] RsaId = [1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void Build_LinesOfOtherConnections_LeftOutWithoutAll()
    {
        var plan = InjectionPlan.Build(Connections(), [Entry(KeyLogLabel.ClientRandom, InCapture), Entry(KeyLogLabel.ClientRandom, Elsewhere)], all: false);

        Assert.Equal([8L], plan.ByFrame.Keys);
        Assert.Single(plan.ByFrame[8]);
        Assert.Empty(plan.Unmatched);
        Assert.Equal(1, plan.LinesLeftOut);
    }

    [Fact]
    public void Build_All_KeepsOtherConnectionsApart()
    {
        var plan = InjectionPlan.Build(Connections(), [Entry(KeyLogLabel.ClientRandom, InCapture), Entry(KeyLogLabel.ClientRandom, Elsewhere)], all: true);

        Assert.Single(plan.ByFrame[8]);
        Assert.Single(plan.Unmatched);
        Assert.Equal(2, plan.LinesEmbedded);
    }

    [Fact]
    public void Build_RsaLine_GoesToTheConnectionOfItsClientKeyExchange()
    {
        var rsa = new KeyLogEntry(KeyLogLabel.Rsa, RsaId, Secret);

        var plan = InjectionPlan.Build(Connections(), [rsa], all: false);

        Assert.Equal([rsa.Format()], plan.ByFrame[8]);
    }

    [Fact]
    public void Build_LineAlreadyInTheCapture_NotRepeated()
    {
        var entry = Entry(KeyLogLabel.ClientRandom, InCapture);
        var connections = Connections();
        connections.LinesPresent.Add(entry.Format());

        var plan = InjectionPlan.Build(connections, [entry], all: true);

        Assert.Empty(plan.ByFrame);
        Assert.Equal(1, plan.LinesAlreadyPresent);
    }

    private static CaptureConnections Connections()
    {
        var connections = new CaptureConnections();
        connections.ClientHelloFrames[Convert.ToHexString(InCapture)] = 8;
        connections.RsaIdentifiers[Convert.ToHexString(RsaId)] = Convert.ToHexString(InCapture);
        return connections;
    }

    private static KeyLogEntry Entry(KeyLogLabel label, byte[] clientRandom) => new(label, clientRandom, Secret);
}
