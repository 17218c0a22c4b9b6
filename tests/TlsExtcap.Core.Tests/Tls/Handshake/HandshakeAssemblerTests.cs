using TlsExtcap.Core.Tls;
using TlsExtcap.Core.Tls.Handshake;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tests.Tls.Handshake;

public class HandshakeAssemblerTests
{
    [Fact]
    public void Append_MessageSplitAcrossRecords_DeliversOnceComplete()
    {
        var assembler = new HandshakeAssembler();
        var seen = new List<(HandshakeType, int)>();
        byte[] message = [20, 0, 0, 3, 0xAA, 0xBB, 0xCC];
        assembler.Append(message.AsSpan(0, 2), (t, m) => seen.Add((t, m.Length)));
        Assert.Empty(seen);
        assembler.Append(message.AsSpan(2, 3), (t, m) => seen.Add((t, m.Length)));
        Assert.Empty(seen);
        assembler.Append(message.AsSpan(5), (t, m) => seen.Add((t, m.Length)));
        Assert.Equal([(HandshakeType.Finished, 7)], seen);
    }

    [Fact]
    public void Append_TwoMessagesInOneRecord_DeliversBoth()
    {
        var assembler = new HandshakeAssembler();
        var seen = new List<HandshakeType>();
        byte[] content = [4, 0, 0, 1, 0x00, 24, 0, 0, 1, 0x01];
        assembler.Append(content, (t, m) => seen.Add(t));
        Assert.Equal([HandshakeType.NewSessionTicket, HandshakeType.KeyUpdate], seen);
        Assert.Equal(0, assembler.BufferedBytes);
    }

    [Fact]
    public void Append_LengthOverCap_ThrowsBeforeBuffering()
    {
        var assembler = new HandshakeAssembler(maxMessageLength: 1000);
        byte[] header = [11, 0xFF, 0xFF, 0xFF];
        var ex = Assert.Throws<TlsDecodeException>(() => assembler.Append(header, (_, _) => { }));
        Assert.Equal(TlsDecodeError.LengthTooLarge, ex.Reason);
        Assert.Equal(0, assembler.BufferedBytes);
    }

    [Fact]
    public void DtlsAppend_FragmentsOutOfOrder_ReassemblesInTlsForm()
    {
        var assembler = new DtlsHandshakeAssembler();
        var seen = new List<byte[]>();
        // ClientHello (type 1) of 4 bytes, message_seq 0, in two fragments delivered backwards.
        byte[] second = [1, 0, 0, 4, 0, 0, 0, 0, 2, 0, 0, 2, 0xCC, 0xDD];
        byte[] first = [1, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 2, 0xAA, 0xBB];
        assembler.Append(second, (t, m) => seen.Add(m.ToArray()));
        Assert.Empty(seen);
        assembler.Append(first, (t, m) => seen.Add(m.ToArray()));
        Assert.Single(seen);
        Assert.Equal(new byte[] { 1, 0, 0, 4, 0xAA, 0xBB, 0xCC, 0xDD }, seen[0]);
        // A retransmission of the same message is dropped.
        assembler.Append(first, (t, m) => seen.Add(m.ToArray()));
        assembler.Append(second, (t, m) => seen.Add(m.ToArray()));
        Assert.Single(seen);
    }
}
