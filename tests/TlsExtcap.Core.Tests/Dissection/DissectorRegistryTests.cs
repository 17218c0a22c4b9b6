using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tests.Dissection;

public sealed class DissectorRegistryTests
{
    private sealed class Fake(string name) : IApplicationDataDissector, IHandshakeDissector
    {
        public string Name => name;

        public void Dissect(ref FieldReader data, DissectionContext context) => data.Rest(name);
    }

    private sealed class Plugin(Fake fake) : IDissectorPlugin
    {
        public string Name => "fake plugin";

        public void Register(DissectorRegistry registry) => registry.HandshakeTypes.Register(HandshakeType.Finished, fake);
    }

    [Fact]
    public void CreateDefault_CoversEveryHandshakeMessageTheIssueNames()
    {
        var registry = DissectorRegistry.CreateDefault();
        HandshakeType[] required =
        [
            HandshakeType.HelloRequest, HandshakeType.ClientHello, HandshakeType.ServerHello, HandshakeType.NewSessionTicket,
            HandshakeType.EndOfEarlyData, HandshakeType.EncryptedExtensions, HandshakeType.Certificate, HandshakeType.ServerKeyExchange,
            HandshakeType.CertificateRequest, HandshakeType.ServerHelloDone, HandshakeType.CertificateVerify, HandshakeType.ClientKeyExchange,
            HandshakeType.Finished, HandshakeType.KeyUpdate,
        ];
        Assert.All(required, t => Assert.True(registry.HandshakeTypes.TryGet(t, out _), t.ToString()));
        Assert.True(registry.ContentTypes.TryGet(ContentType.Alert, out _));
        Assert.True(registry.ContentTypes.TryGet(ContentType.ChangeCipherSpec, out _));
        Assert.True(registry.Extensions.Count >= 25);
    }

    [Fact]
    public void AddPlugin_OverridesABuiltInAndIsListed()
    {
        var registry = DissectorRegistry.CreateDefault();
        var fake = new Fake("mine");
        registry.AddPlugin(new Plugin(fake));
        Assert.True(registry.HandshakeTypes.TryGet(HandshakeType.Finished, out var dissector));
        Assert.Same(fake, dissector);
        Assert.Equal(["fake plugin"], registry.Plugins);
    }

    private sealed class Throwing : IHandshakeDissector
    {
        public void Dissect(ref FieldReader body, DissectionContext context) => throw new InvalidOperationException("plugin bug");
    }

    [Fact]
    public void AnnotationSink_ThrowingDissector_BecomesAnErrorNodeAndTheCaptureGoesOn()
    {
        var registry = DissectorRegistry.CreateDefault();
        registry.HandshakeTypes.Register(HandshakeType.EncryptedExtensions, new Throwing());
        var frames = Support.CaptureAnnotations.Annotate(Support.TestFiles.Path("seed", "capture.pcap"), Support.TestFiles.Path("seed", "keylog.txt"), registry, strict: false);
        var nodes = frames.SelectMany(f => f.Nodes).SelectMany(n => n.Descendants()).ToList();
        var failed = Assert.Single(nodes, n => n.Value == "annotation failed");
        Assert.Equal(AnnotationSeverity.Error, failed.Severity);
        Assert.Contains("InvalidOperationException", failed.Text, StringComparison.Ordinal);
        // The records after it are still annotated: the client's Finished verifies.
        Assert.Contains(nodes, n => n.Name == "Verify Data" && n.Value == "verified");
    }

    [Fact]
    public void AnnotationSink_Strict_LetsTheExceptionThrough()
    {
        var registry = DissectorRegistry.CreateDefault();
        registry.HandshakeTypes.Register(HandshakeType.EncryptedExtensions, new Throwing());
        Assert.Throws<InvalidOperationException>(() =>
            Support.CaptureAnnotations.Annotate(Support.TestFiles.Path("seed", "capture.pcap"), Support.TestFiles.Path("seed", "keylog.txt"), registry, strict: true));
    }

    [Fact]
    public void ForApplicationData_AlpnWinsOverPort()
    {
        var registry = new DissectorRegistry();
        var byAlpn = new Fake("alpn");
        var byPort = new Fake("port");
        registry.Alpn.Register("h2", byAlpn);
        registry.Ports.Register(443, byPort);
        Assert.Same(byAlpn, registry.ForApplicationData("h2", 443, 50000));
        Assert.Same(byPort, registry.ForApplicationData(null, 443, 50000));
        Assert.Same(byPort, registry.ForApplicationData("other", 50000, 443));
        Assert.Null(registry.ForApplicationData(null, 8443, 50000));
    }

    [Theory]
    [InlineData("grease group", 0x0a0a, true)]
    [InlineData("grease group", 0xfafa, true)]
    [InlineData("not grease", 0x0a1a, false)]
    [InlineData("x25519", 0x001d, false)]
    public void IsGrease_TwoByteRegistry_FollowsRfc8701(string label, int value, bool grease)
    {
        Assert.Equal(grease, NamedGroups.Registry.IsGrease(value));
        Assert.Equal(grease ? "GREASE" : NamedGroups.Registry.GetName(value), NamedGroups.Registry.GetName(value));
        Assert.NotNull(label);
    }

    [Fact]
    public void Registries_KnowTheSeedValues()
    {
        Assert.Equal("x25519", NamedGroups.Registry.GetName(0x001d));
        Assert.Equal("secp521r1", NamedGroups.Registry.GetName(0x0019));
        Assert.Equal("rsa_pss_rsae_sha256", SignatureSchemes.Registry.GetName(0x0804));
        Assert.Equal("key_share", ExtensionTypes.Registry.GetName(51));
        Assert.Equal("bad_record_mac", AlertDescriptions.Registry.GetName(20));
        Assert.Equal("unknown (0x7777)", ExtensionTypes.Registry.GetName(0x7777));
    }
}
