using Serilog.Core;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Tls;
using TlsExtcap.Core.Tls.Wire;
using TlsExtcap.KeyInject.Derive;
using TlsExtcap.KeyInject.Tests.Support;

namespace TlsExtcap.KeyInject.Tests.Derive;

public class KeyExchangeParserTests
{
    private static readonly Lazy<ConnectionHandshake> Seed = new(() =>
        Assert.Single(HandshakeCollector.Collect(Cli.Data("seed", "capture.pcap"), new KeyStore(), Logger.None)));

    [Fact]
    public void ServerShare_SeedServerHello_X25519Share()
    {
        var share = KeyExchangeParser.ServerShare(Message(HandshakeType.ServerHello).Body);

        Assert.NotNull(share);
        Assert.Equal(NamedGroup.X25519, share.Group);
        Assert.StartsWith("011b5df0", Convert.ToHexStringLower(share.KeyExchange));
    }

    [Fact]
    public void ClientShares_SeedClientHello_IncludesX25519()
    {
        var shares = KeyExchangeParser.ClientShares(Message(HandshakeType.ClientHello).Body);

        var x25519 = Assert.Single(shares, s => s.Group == NamedGroup.X25519);
        Assert.StartsWith("4b65e178", Convert.ToHexStringLower(x25519.KeyExchange));
    }

    [Fact]
    public void ServerShare_EveryTruncatedPrefix_FailsOrHasNoShare()
    {
        byte[] body = Message(HandshakeType.ServerHello).Body.ToArray();
        for (int length = 0; length < body.Length; length++)
        {
            KeyShare? share = null;
            try
            {
                share = KeyExchangeParser.ServerShare(body.AsSpan(0, length));
            }
            catch (TlsDecodeException)
            {
            }

            // Only the extension-less boundary (after legacy_compression_method) parses, without a share.
            Assert.True(share is null, $"prefix of {length} bytes");
        }
    }

    [Fact]
    public void ClientShares_EveryTruncatedPrefix_FailsOrHasNoShare()
    {
        byte[] body = Message(HandshakeType.ClientHello).Body.ToArray();
        for (int length = 0; length < body.Length; length++)
        {
            List<KeyShare> shares = [];
            try
            {
                shares = KeyExchangeParser.ClientShares(body.AsSpan(0, length));
            }
            catch (TlsDecodeException)
            {
            }

            Assert.True(shares.Count == 0, $"prefix of {length} bytes");
        }
    }

    [Fact]
    public void ServerEcdhParams_ExplicitCurve_Null()
    {
        // RFC 8422 §5.4: curve_type 1 (explicit_prime) instead of 3 (named_curve).
        Assert.Null(KeyExchangeParser.ServerEcdhParams(Convert.FromHexString("01")));
    }

    [Theory]
    [InlineData("empty point", "03001d00", TlsDecodeError.BadVectorLength)]
    [InlineData("point overruns", "03001d2001", TlsDecodeError.Truncated)]
    [InlineData("no curve", "03", TlsDecodeError.Truncated)]
    public void ServerEcdhParams_Malformed_Throws(string label, string hex, TlsDecodeError reason)
    {
        var ex = Assert.Throws<TlsDecodeException>(() => KeyExchangeParser.ServerEcdhParams(Convert.FromHexString(hex)));

        Assert.True(reason == ex.Reason, label);
    }

    private static HandshakeMessage Message(HandshakeType type) => Seed.Value.Messages.First(m => m.Type == type);
}
