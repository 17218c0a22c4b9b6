using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Network;
using Xunit;

namespace TlsExtcap.Core.Tests.Capture;

public sealed class CaptureReaderFixtureTests
{
    private static readonly string IllustratedTls13 = Path.Combine(AppContext.BaseDirectory, "TestData", "capture", "illustrated-tls13.pcap");

    [Fact]
    public void Open_IllustratedTls13Pcap_MatchesTshark()
    {
        using CaptureReader reader = CaptureReader.Open(IllustratedTls13);
        Assert.Equal(CaptureFormat.Pcap, reader.Format);
        int frames = 0;
        long payloadBytes = 0;
        while (reader.TryRead(out CaptureRecord record))
        {
            frames++;
            Assert.Equal(LinkType.Null, record.LinkType);
            Assert.Equal(frames, record.FrameNumber);
            Assert.True(PacketDecoder.TryDecode(record.LinkType, record.Data.Span, out TransportPacket packet), $"frame {frames}");
            Assert.Equal(TransportProtocol.Tcp, packet.Protocol);
            payloadBytes += packet.Payload.Length;

            // Expected values from: tshark -r illustrated-tls13.pcap -T fields -e frame.time_epoch -e tcp.seq_raw …
            switch (frames)
            {
                case 1:
                    Assert.Equal(1_648_774_116_286_233_000L, record.TimestampNanoseconds);
                    Assert.Equal(68, record.OriginalLength);
                    Assert.Equal("127.0.0.1:59219", packet.Source.ToString());
                    Assert.Equal("127.0.0.1:8400", packet.Destination.ToString());
                    Assert.Equal(2_035_198_138u, packet.SequenceNumber);
                    Assert.Equal(TcpFlags.Syn, packet.Flags);
                    break;
                case 7:
                    Assert.Equal(1_648_774_116_343_971_000L, record.TimestampNanoseconds);
                    Assert.Equal(1361, packet.Payload.Length);
                    Assert.Equal(0x16, packet.Payload[0]);
                    Assert.Equal(3_872_785_125u, packet.SequenceNumber);
                    Assert.Equal(2_035_198_392u, packet.AcknowledgmentNumber);
                    Assert.Equal(TcpFlags.Psh | TcpFlags.Ack, packet.Flags);
                    break;
                case 19:
                    Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, packet.Flags);
                    break;
            }
        }

        Assert.Equal(22, frames);
        Assert.Equal(2224, payloadBytes);
    }
}
