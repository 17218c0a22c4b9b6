using TlsExtcap.Core.Network;
using TlsExtcap.Core.Network.Tcp;
using Xunit;

namespace TlsExtcap.Core.Tests.Network.Tcp;

public class TcpStreamReassemblerTests
{
    private const uint Isn = 1000;

    private static byte[] Bytes(int length, int seed = 0) => Enumerable.Range(seed, length).Select(i => (byte)(i * 7 + 1)).ToArray();

    private static (TcpStreamReassembler Reassembler, RecordingSink Sink) Create(int maxBufferedBytes = 16 * 1024 * 1024)
    {
        var sink = new RecordingSink();
        return (new TcpStreamReassembler(sink, maxBufferedBytes), sink);
    }

    private static void Syn(TcpStreamReassembler r, uint isn = Isn) => r.AddSegment(isn, TcpFlags.Syn, [], 1);

    [Fact]
    public void AddSegment_InOrder_DeliversEachSegmentWithItsFrame()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(300);
        Syn(r);

        r.AddSegment(Isn + 1, TcpFlags.Ack | TcpFlags.Psh, data.AsSpan(0, 100), 2);
        r.AddSegment(Isn + 101, TcpFlags.Ack, data.AsSpan(100, 200), 3);

        Assert.Equal(data, sink.Data);
        Assert.Equal([2L, 3L], sink.Events.Select(e => e.FrameNumber).ToArray());
        Assert.Equal(300, r.DeliveredBytes);
        Assert.Equal(0, r.BufferedBytes);
        Assert.Equal(0, r.GapCount);
    }

    [Theory]
    [InlineData("0 1 2", 0, 1, 2)]
    [InlineData("0 2 1", 0, 2, 1)]
    [InlineData("1 0 2", 1, 0, 2)]
    [InlineData("1 2 0", 1, 2, 0)]
    [InlineData("2 0 1", 2, 0, 1)]
    [InlineData("2 1 0", 2, 1, 0)]
    public void AddSegment_ThreeSegmentsInAnyOrder_DeliversTheSameBytes(string caseName, int first, int second, int third)
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(90);
        Syn(r);

        foreach (int i in new[] { first, second, third })
        {
            r.AddSegment(Isn + 1 + (uint)(i * 30), TcpFlags.Ack, data.AsSpan(i * 30, 30), 10 + i);
        }

        Assert.Equal(data, sink.Data);
        Assert.Equal(0, r.BufferedBytes);
        Assert.Equal(0, r.RetransmittedBytes);
        Assert.Equal(0, r.GapCount);
        Assert.Equal([10L, 11L, 12L], sink.Events.Select(e => e.FrameNumber).ToArray());
        Assert.NotNull(caseName);
    }

    [Fact]
    public void AddSegment_Retransmission_CountedAndNotDeliveredTwice()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(100);
        Syn(r);

        r.AddSegment(Isn + 1, TcpFlags.Ack, data.AsSpan(0, 50), 2);
        r.AddSegment(Isn + 1, TcpFlags.Ack, data.AsSpan(0, 50), 3);
        r.AddSegment(Isn + 51, TcpFlags.Ack, data.AsSpan(50), 4);

        Assert.Equal(data, sink.Data);
        Assert.Equal(50, r.RetransmittedBytes);
        Assert.Equal(100, r.DeliveredBytes);
    }

    [Fact]
    public void AddSegment_RetransmissionOfBufferedData_CountedOnce()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(100);
        Syn(r);

        r.AddSegment(Isn + 51, TcpFlags.Ack, data.AsSpan(50), 2);
        r.AddSegment(Isn + 51, TcpFlags.Ack, data.AsSpan(50), 3);
        r.AddSegment(Isn + 1, TcpFlags.Ack, data.AsSpan(0, 50), 4);

        Assert.Equal(data, sink.Data);
        Assert.Equal(50, r.RetransmittedBytes);
    }

    [Fact]
    public void AddSegment_PartialOverlapWithDelivered_DeliversOnlyTheNewPart()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(100);
        byte[] conflicting = data.ToArray();
        conflicting[30] ^= 0xFF;
        Syn(r);

        r.AddSegment(Isn + 1, TcpFlags.Ack, data.AsSpan(0, 40), 2);
        r.AddSegment(Isn + 21, TcpFlags.Ack, conflicting.AsSpan(20, 80), 3);

        Assert.Equal(data, sink.Data);
        Assert.Equal(20, r.RetransmittedBytes);
        Assert.Equal(new byte[][] { data[..40], data[40..] }, sink.Events.Select(e => e.Bytes).ToArray());
    }

    [Fact]
    public void AddSegment_OverlappingBufferedSegments_KeepFirstReceivedBytes()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(100);
        byte[] later = data.Select(b => (byte)~b).ToArray();
        Syn(r);

        // Buffered first: [40, 60). Then [30, 80) from a different sender view; then the hole [0, 30).
        r.AddSegment(Isn + 41, TcpFlags.Ack, data.AsSpan(40, 20), 2);
        r.AddSegment(Isn + 31, TcpFlags.Ack, later.AsSpan(30, 50), 3);
        r.AddSegment(Isn + 1, TcpFlags.Ack, data.AsSpan(0, 30), 4);
        r.AddSegment(Isn + 1, TcpFlags.Ack, data.AsSpan(0, 100), 5);

        byte[] expected = [.. data[..30], .. later[30..40], .. data[40..60], .. later[60..80], .. data[80..]];
        Assert.Equal(expected, sink.Data);
        Assert.Equal(20 + 80, r.RetransmittedBytes);
        Assert.Equal(0, r.BufferedBytes);
    }

    [Fact]
    public void AddSegment_InOrderSegmentRunningIntoBufferedData_KeepsBufferedBytes()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(60);
        byte[] other = data.Select(b => (byte)(b + 1)).ToArray();
        Syn(r);

        r.AddSegment(Isn + 21, TcpFlags.Ack, data.AsSpan(20, 20), 2);
        r.AddSegment(Isn + 1, TcpFlags.Ack, other.AsSpan(0, 60), 3);

        Assert.Equal([.. other[..20], .. data[20..40], .. other[40..]], sink.Data);
        Assert.Equal(20, r.RetransmittedBytes);
    }

    [Fact]
    public void AddSegment_SequenceWrapsPast2To32_DeliversInOrder()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(64);
        Syn(r, 0xFFFFFFF0);

        // Data starts at 0xFFFFFFF1; the second half starts after the wrap at 0x00000011.
        r.AddSegment(0x00000011, TcpFlags.Ack, data.AsSpan(32), 3);
        r.AddSegment(0xFFFFFFF1, TcpFlags.Ack, data.AsSpan(0, 32), 2);
        r.AddSegment(0x00000031, TcpFlags.Fin | TcpFlags.Ack, [], 4);

        Assert.Equal(data, sink.Data);
        Assert.Equal(0, r.GapCount);
        SinkEvent close = Assert.Single(sink.Closes);
        Assert.Equal(4, close.FrameNumber);
    }

    [Fact]
    public void AddSegment_SynCarryingData_DeliversFromIsnPlusOne()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(40);

        r.AddSegment(Isn, TcpFlags.Syn, data.AsSpan(0, 10), 1);
        r.AddSegment(Isn, TcpFlags.Syn, data.AsSpan(0, 10), 2);
        r.AddSegment(Isn + 11, TcpFlags.Ack, data.AsSpan(10), 3);

        Assert.Equal(data, sink.Data);
        Assert.Equal(10, r.RetransmittedBytes);
    }

    [Fact]
    public void AddSegment_WithoutSyn_FirstDataSegmentStartsTheStream()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(100);

        r.AddSegment(777_777, TcpFlags.Ack, [], 1);
        r.AddSegment(5_000_000, TcpFlags.Ack | TcpFlags.Psh, data.AsSpan(0, 60), 2);
        r.AddSegment(5_000_060, TcpFlags.Ack, data.AsSpan(60), 3);

        Assert.Equal(data, sink.Data);
        Assert.Equal(0, r.GapCount);
    }

    [Fact]
    public void AddSegment_PureAcksAndZeroLength_AreIgnored()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        Syn(r);

        r.AddSegment(Isn + 1, TcpFlags.Ack, [], 2);
        r.AddSegment(Isn + 500, TcpFlags.Ack, [], 3);

        Assert.Empty(sink.Events);
        Assert.Equal(0, r.RetransmittedBytes);
    }

    [Fact]
    public void Finish_HoleBeforeBufferedData_ReportsGapThenDeliversTheRest()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(150);
        Syn(r);
        r.AddSegment(Isn + 1, TcpFlags.Ack, data.AsSpan(0, 50), 2);
        r.AddSegment(Isn + 101, TcpFlags.Ack, data.AsSpan(100, 20), 4);
        r.AddSegment(Isn + 131, TcpFlags.Ack, data.AsSpan(130, 20), 5);

        r.Finish(6);

        Assert.Equal(
            [(SinkEventKind.Data, 50L, 2L), (SinkEventKind.Gap, 50L, 4L), (SinkEventKind.Data, 20L, 4L), (SinkEventKind.Gap, 10L, 5L), (SinkEventKind.Data, 20L, 5L)],
            sink.Events.Select(e => (e.Kind, e.Length, e.FrameNumber)).ToArray());
        Assert.Equal(2, r.GapCount);
        Assert.Equal(0, r.BufferedBytes);
        Assert.Empty(sink.Closes);
    }

    [Fact]
    public void AddSegment_BufferLimitExceeded_DeclaresGapAndBoundsMemory()
    {
        const int limit = 1000;
        (TcpStreamReassembler r, RecordingSink sink) = Create(limit);
        byte[] data = Bytes(5000);
        Syn(r);

        // [0, 100) is lost; everything after arrives in 100-byte segments.
        long maxBuffered = 0;
        for (int offset = 100; offset < data.Length; offset += 100)
        {
            r.AddSegment(Isn + 1 + (uint)offset, TcpFlags.Ack, data.AsSpan(offset, 100), offset);
            maxBuffered = Math.Max(maxBuffered, r.BufferedBytes);
        }

        Assert.True(maxBuffered <= limit);
        Assert.Equal(1, r.GapCount);
        SinkEvent gap = Assert.Single(sink.Gaps);
        Assert.Equal(100, gap.Length);
        Assert.Equal(data[100..], sink.Data);
        Assert.Equal(0, r.BufferedBytes);
        Assert.Equal(1, r.WindowOverflows);
    }

    [Fact]
    public void AddSegment_OutOfOrderWithinLimit_NoWindowOverflow()
    {
        (TcpStreamReassembler r, _) = Create(1000);
        Syn(r);
        r.AddSegment(Isn + 1 + 100, TcpFlags.Ack, Bytes(900), 1);

        Assert.Equal(900, r.BufferedBytes);
        Assert.Equal(0, r.WindowOverflows);
    }

    [Fact]
    public void AddSegment_FinAfterData_ReportedOnceAfterAllData()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(100);
        Syn(r);

        // The FIN segment (carrying the last 50 bytes) arrives before the first half.
        r.AddSegment(Isn + 51, TcpFlags.Fin | TcpFlags.Ack, data.AsSpan(50), 3);
        Assert.Empty(sink.Closes);
        r.AddSegment(Isn + 1, TcpFlags.Ack, data.AsSpan(0, 50), 2);
        r.AddSegment(Isn + 51, TcpFlags.Fin | TcpFlags.Ack, data.AsSpan(50), 4);
        r.Finish(5);

        Assert.Equal(data, sink.Data);
        SinkEvent close = Assert.Single(sink.Closes);
        Assert.False(close.Reset);
        Assert.Equal(3, close.FrameNumber);
        Assert.Equal(SinkEventKind.Close, sink.Events[^1].Kind);
    }

    [Fact]
    public void Finish_FinAfterHole_ReportsGapThenClose()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        Syn(r);
        r.AddSegment(Isn + 1, TcpFlags.Ack, Bytes(10), 2);
        r.AddSegment(Isn + 31, TcpFlags.Fin | TcpFlags.Ack, [], 3);

        r.Finish(4);

        Assert.Equal(
            [SinkEventKind.Data, SinkEventKind.Gap, SinkEventKind.Close],
            sink.Events.Select(e => e.Kind).ToArray());
        Assert.Equal(20, sink.Gaps.Single().Length);
    }

    [Fact]
    public void AddSegment_DataBeyondFin_IsDropped()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(40);
        Syn(r);

        r.AddSegment(Isn + 1, TcpFlags.Fin | TcpFlags.Ack, data.AsSpan(0, 20), 2);
        r.AddSegment(Isn + 21, TcpFlags.Ack, data.AsSpan(20), 3);

        Assert.Equal(data[..20], sink.Data);
        Assert.Single(sink.Closes);
    }

    [Fact]
    public void AddSegment_Rst_ReportsResetAndIgnoresLaterSegments()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(20);
        Syn(r);
        r.AddSegment(Isn + 1, TcpFlags.Ack, data, 2);

        r.AddSegment(Isn + 21, TcpFlags.Rst, [], 3);
        r.AddSegment(Isn + 21, TcpFlags.Ack, data, 4);
        r.AddSegment(Isn + 21, TcpFlags.Rst, [], 5);

        Assert.Equal(data, sink.Data);
        SinkEvent close = Assert.Single(sink.Closes);
        Assert.True(close.Reset);
        Assert.Equal(3, close.FrameNumber);
    }

    [Fact]
    public void AddSegment_RstWithBufferedData_FlushesWithGapThenResets()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        Syn(r);
        r.AddSegment(Isn + 11, TcpFlags.Ack, Bytes(10), 2);

        r.AddSegment(Isn + 21, TcpFlags.Rst | TcpFlags.Ack, [], 3);

        Assert.Equal(
            [SinkEventKind.Gap, SinkEventKind.Data, SinkEventKind.Close],
            sink.Events.Select(e => e.Kind).ToArray());
    }

    [Fact]
    public void AddSegment_RstBeforeAnyData_ReportsReset()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();

        r.AddSegment(42, TcpFlags.Rst | TcpFlags.Ack, [], 1);

        Assert.True(Assert.Single(sink.Closes).Reset);
    }

    [Fact]
    public void AddSegment_ManySegmentsInReverseOrder_DeliversEverything()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(20_000);
        Syn(r, 0xFFFF0000);

        for (int offset = data.Length - 100; offset >= 0; offset -= 100)
        {
            r.AddSegment(unchecked(0xFFFF0001 + (uint)offset), TcpFlags.Ack, data.AsSpan(offset, 100), offset);
        }

        Assert.Equal(data, sink.Data);
        Assert.Equal(0, r.BufferedBytes);
    }

    [Fact]
    public void AddSegment_LostSegmentArrivesAfterGapDeclared_IsNotDelivered()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create(maxBufferedBytes: 50);
        byte[] data = Bytes(200);
        Syn(r);

        r.AddSegment(Isn + 101, TcpFlags.Ack, data.AsSpan(100, 100), 2);
        r.AddSegment(Isn + 1, TcpFlags.Ack, data.AsSpan(0, 100), 3);

        Assert.Equal(data[100..], sink.Data);
        Assert.Equal(100, r.RetransmittedBytes);
        Assert.Equal(1, r.GapCount);
    }

    [Fact]
    public void Finish_NothingBuffered_ReportsNothing()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        Syn(r);
        r.AddSegment(Isn + 1, TcpFlags.Ack, Bytes(10), 2);

        r.Finish(3);
        r.Finish(4);

        Assert.Equal([SinkEventKind.Data], sink.Events.Select(e => e.Kind).ToArray());
    }

    [Fact]
    public void AddSegment_MidStreamFinOnly_ReportsClose()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();

        r.AddSegment(123_456, TcpFlags.Fin | TcpFlags.Ack, [], 7);
        r.AddSegment(123_456, TcpFlags.Fin | TcpFlags.Ack, [], 8);

        SinkEvent close = Assert.Single(sink.Events);
        Assert.Equal((SinkEventKind.Close, false, 7L), (close.Kind, close.Reset, close.FrameNumber));
    }

    [Fact]
    public void AddSegment_MidStreamAcrossWrap_DeliversInOrder()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(300);

        r.AddSegment(0xFFFFFF80, TcpFlags.Ack, data.AsSpan(0, 200), 1);
        r.AddSegment(0x00000048, TcpFlags.Ack, data.AsSpan(200), 2);

        Assert.Equal(data, sink.Data);
    }

    [Fact]
    public void AddSegment_MidStreamThenEarlierSegment_TreatedAsOldData()
    {
        (TcpStreamReassembler r, RecordingSink sink) = Create();
        byte[] data = Bytes(100);

        r.AddSegment(10_050, TcpFlags.Ack, data.AsSpan(50), 1);
        r.AddSegment(10_000, TcpFlags.Ack, data.AsSpan(0, 50), 2);

        Assert.Equal(data[50..], sink.Data);
        Assert.Equal(50, r.RetransmittedBytes);
        Assert.Equal(0, r.BufferedBytes);
        Assert.Equal(0, r.GapCount);
    }

    [Fact]
    public void AddSegment_StreamLongerThan4GiB_KeepsOffsetsAcrossSequenceCycles()
    {
        var sink = new CountingSink();
        var r = new TcpStreamReassembler(sink);
        byte[] chunk = new byte[65_536];
        const uint isn = 0x12345678;
        r.AddSegment(isn, TcpFlags.Syn, [], 0);

        // 65,537 in-order chunks: 2^32 + 65,536 bytes, so the sequence space is passed through once.
        uint sequence = isn + 1;
        for (int i = 0; i <= 65_536; i++)
        {
            r.AddSegment(sequence, TcpFlags.Ack, chunk, i);
            sequence = unchecked(sequence + (uint)chunk.Length);
        }

        // One more out of order, then the segment before it.
        r.AddSegment(unchecked(sequence + 100), TcpFlags.Ack, chunk.AsSpan(0, 100), 70_001);
        r.AddSegment(sequence, TcpFlags.Ack, chunk.AsSpan(0, 100), 70_000);

        Assert.Equal((1L << 32) + 65_536 + 200, r.DeliveredBytes);
        Assert.Equal(r.DeliveredBytes, sink.Bytes);
        Assert.Equal(0, r.RetransmittedBytes);
        Assert.Equal(0, r.GapCount);
    }

    private sealed class CountingSink : ITcpStreamSink
    {
        public long Bytes { get; private set; }

        public void OnData(ReadOnlySpan<byte> data, long frameNumber) => Bytes += data.Length;

        public void OnGap(long missingBytes, long frameNumber) => throw new InvalidOperationException("unexpected gap");

        public void OnClose(bool reset, long frameNumber) => throw new InvalidOperationException("unexpected close");
    }
}
