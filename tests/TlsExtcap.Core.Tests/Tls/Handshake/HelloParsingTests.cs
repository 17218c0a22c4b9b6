using TlsExtcap.Core.Tls;
using TlsExtcap.Core.Tls.Handshake;

namespace TlsExtcap.Core.Tests.Tls.Handshake;

public class HelloParsingTests
{
    private static readonly byte[] ClientHello = Convert.FromHexString(SeedMessages.ClientHelloBody);
    private static readonly byte[] ServerHello = Convert.FromHexString(SeedMessages.ServerHelloBody);

    // version(2) random(32) session_id(1+32) cipher_suites(2+118) compression(1+1)
    private const int ClientHelloWithoutExtensions = 2 + 32 + 33 + 120 + 2;

    // version(2) random(32) session_id(1+32) cipher_suite(2) compression(1)
    private const int ServerHelloWithoutExtensions = 2 + 32 + 33 + 2 + 1;

    [Fact]
    public void ClientHelloParse_SeedSession_ReadsRandomSuitesAndExtensions()
    {
        var hello = ClientHelloInfo.Parse(ClientHello, isDatagram: false);
        Assert.Equal(0x0303, hello.LegacyVersion);
        Assert.Equal("035735d60c9512c61134349e99999105922738a7ee2110b0692817ec961a21dd", Convert.ToHexStringLower(hello.Random));
        Assert.Equal(32, hello.SessionId.Length);
        Assert.Equal(0x1302, hello.CipherSuites[0]);
        Assert.Contains((ushort)0x0304, hello.SupportedVersions);
        Assert.False(hello.OffersEarlyData);
    }

    [Fact]
    public void ServerHelloParse_SeedSession_SelectsTls13AndSuite()
    {
        var hello = ServerHelloInfo.Parse(ServerHello);
        Assert.Equal(0x0304, hello.NegotiatedVersion);
        Assert.Equal(0x1302, hello.CipherSuite);
        Assert.False(hello.IsHelloRetryRequest);
    }

    public static TheoryData<int> ClientHelloPrefixes() => Prefixes(ClientHello.Length);

    public static TheoryData<int> ServerHelloPrefixes() => Prefixes(ServerHello.Length);

    [Theory]
    [MemberData(nameof(ClientHelloPrefixes))]
    public void ClientHelloParse_EveryTruncatedPrefix_ThrowsTlsDecodeException(int length)
    {
        // RFC 5246 §7.4.1.2: cut right before the extensions block, the hello is a valid extension-less one.
        if (length == ClientHelloWithoutExtensions)
        {
            Assert.Empty(ClientHelloInfo.Parse(ClientHello.AsSpan(0, length), isDatagram: false).SupportedVersions);
            return;
        }

        var ex = Assert.Throws<TlsDecodeException>(() => ClientHelloInfo.Parse(ClientHello.AsSpan(0, length), isDatagram: false));
        Assert.True(ex.Reason is TlsDecodeError.Truncated or TlsDecodeError.BadVectorLength or TlsDecodeError.TrailingData, ex.Reason.ToString());
    }

    [Theory]
    [MemberData(nameof(ServerHelloPrefixes))]
    public void ServerHelloParse_EveryTruncatedPrefix_ThrowsTlsDecodeException(int length)
    {
        if (length == ServerHelloWithoutExtensions)
        {
            Assert.Equal(0, ServerHelloInfo.Parse(ServerHello.AsSpan(0, length)).SelectedVersion);
            return;
        }

        Assert.Throws<TlsDecodeException>(() => ServerHelloInfo.Parse(ServerHello.AsSpan(0, length)));
    }

    [Fact]
    public void ClientHelloParse_TrailingByte_ThrowsTrailingData()
    {
        byte[] longer = [.. ClientHello, 0x00];
        var ex = Assert.Throws<TlsDecodeException>(() => ClientHelloInfo.Parse(longer, isDatagram: false));
        Assert.Equal(TlsDecodeError.TrailingData, ex.Reason);
    }

    [Fact]
    public void ParseSsl2_ChallengeRightAligned_InRandom()
    {
        // msg_type 1, version 0x0300, 3 bytes of cipher specs, no session id, 16-byte challenge.
        byte[] message = Convert.FromHexString("01" + "0300" + "0003" + "0000" + "0010" + "00002f" + "000102030405060708090a0b0c0d0e0f");
        var hello = ClientHelloInfo.ParseSsl2(message);
        Assert.True(hello.IsSsl2Format);
        Assert.Equal([(ushort)0x002f], hello.CipherSuites);
        Assert.Equal(new byte[16], hello.Random[..16]);
        Assert.Equal(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"), hello.Random[16..]);
    }

    private static TheoryData<int> Prefixes(int length)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < length; i++)
        {
            data.Add(i);
        }

        return data;
    }
}
