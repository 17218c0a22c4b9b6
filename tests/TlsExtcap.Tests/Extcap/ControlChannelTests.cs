using TlsExtcap.Extcap;

namespace TlsExtcap.Tests.Extcap;

public class ControlChannelTests
{
    [Fact]
    public void Frame_StatusSet_MatchesWiresharkFraming()
    {
        byte[] message = ControlChannel.Frame(0, 1, "ok"u8);

        // 'T', length = payload + 2 (24-bit big-endian), control, command, payload (notes §2.9).
        Assert.Equal(new byte[] { 0x54, 0x00, 0x00, 0x04, 0x00, 0x01, (byte)'o', (byte)'k' }, message);
    }
}
