using TlsExtcap.Core.Tls;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tests.Tls.Wire;

public class TlsReaderTests
{
    [Fact]
    public void ReadVector16_BoundedChild_ReadsOnlyItsBytes()
    {
        byte[] data = [0x00, 0x02, 0xAB, 0xCD, 0xEF];
        var reader = new TlsReader(data, "Test");
        var child = reader.ReadVector16("Child");
        Assert.Equal(0xABCD, child.ReadUInt16());
        child.EnsureEnd();
        Assert.Equal(0xEF, reader.ReadUInt8());
        reader.EnsureEnd();
    }

    [Theory]
    [InlineData("vector longer than buffer", "0003AABB", TlsDecodeError.Truncated)]
    [InlineData("vector below minimum", "0000", TlsDecodeError.BadVectorLength)]
    public void ReadVector16_BadLength_Throws(string label, string hex, TlsDecodeError expected)
    {
        Assert.NotNull(label);
        byte[] data = Convert.FromHexString(hex);
        var ex = Assert.Throws<TlsDecodeException>(() =>
        {
            var reader = new TlsReader(data, "Test");
            reader.ReadVector16("Child", minLength: 1);
        });
        Assert.Equal(expected, ex.Reason);
        Assert.Equal("Child", ex.Structure);
    }

    [Fact]
    public void EnsureEnd_TrailingBytes_ThrowsTrailingDataNamingStruct()
    {
        byte[] data = [1, 2, 3];
        var ex = Assert.Throws<TlsDecodeException>(() =>
        {
            var reader = new TlsReader(data, "ClientHello");
            reader.ReadUInt16();
            reader.EnsureEnd();
        });
        Assert.Equal(TlsDecodeError.TrailingData, ex.Reason);
        Assert.Equal("ClientHello", ex.Structure);
    }

    [Fact]
    public void ReadUInt24_AndUInt48_BigEndian()
    {
        byte[] data = [0x01, 0x02, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00];
        var reader = new TlsReader(data, "Test");
        Assert.Equal(0x010203, reader.ReadUInt24());
        Assert.Equal(0x100UL, reader.ReadUInt48());
        reader.EnsureEnd();
    }

    [Fact]
    public void ReadUInt16_FailedRead_DoesNotAdvance()
    {
        byte[] data = [0x01];
        var reader = new TlsReader(data, "Test");
        try
        {
            reader.ReadUInt16();
        }
        catch (TlsDecodeException)
        {
        }

        Assert.Equal(0, reader.Position);
        Assert.Equal(1, reader.ReadUInt8());
    }
}
