using TlsExtcap.Core.Tls;
using TlsExtcap.Core.Tls.Records;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tests.Tls.Records;

public class TlsRecordHeaderTests
{
    [Theory]
    [InlineData("handshake TLS 1.0", "1603010158", ContentType.Handshake, 0x0301, 0x158)]
    [InlineData("application data TLS 1.2", "1703030017", ContentType.ApplicationData, 0x0303, 0x17)]
    [InlineData("largest TLS 1.2 ciphertext", "1703034800", ContentType.ApplicationData, 0x0303, 0x4800)]
    public void TryRead_ValidHeader_Decodes(string label, string hex, ContentType type, int version, int length)
    {
        Assert.NotNull(label);
        Assert.True(TlsRecordHeader.TryRead(Convert.FromHexString(hex), out var header));
        Assert.Equal(new TlsRecordHeader(type, (ushort)version, length), header);
    }

    [Theory]
    [InlineData("unknown content type", "6303010010")]
    [InlineData("version not 3.x", "1602010010")]
    [InlineData("length over 2^14+2048", "1703034801")]
    public void TryRead_BadHeader_ThrowsBadRecordHeader(string label, string hex)
    {
        Assert.NotNull(label);
        var ex = Assert.Throws<TlsDecodeException>(() => TlsRecordHeader.TryRead(Convert.FromHexString(hex), out _));
        Assert.Equal(TlsDecodeError.BadRecordHeader, ex.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("16")]
    [InlineData("160301")]
    [InlineData("16030101")]
    public void TryRead_ShortInput_ReturnsFalse(string hex)
    {
        Assert.False(TlsRecordHeader.TryRead(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void DtlsTryRead_Header_CombinesEpochAndSequence()
    {
        Assert.True(DtlsRecordHeader.TryRead(Convert.FromHexString("17fefd0001000000000005001d"), out var header));
        Assert.Equal((ushort)1, header.Epoch);
        Assert.Equal(5UL, header.SequenceNumber);
        Assert.Equal((1UL << 48) | 5UL, header.CombinedSequence);
        Assert.Equal(0x1d, header.Length);
    }
}
