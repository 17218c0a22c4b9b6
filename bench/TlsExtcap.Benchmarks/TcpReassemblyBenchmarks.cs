using BenchmarkDotNet.Attributes;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Network.Tcp;

namespace TlsExtcap.Benchmarks;

/// <summary>Reassembling 1,000 segments of 1,448 bytes, in order and with every 10th pair swapped.</summary>
[MemoryDiagnoser]
public class TcpReassemblyBenchmarks
{
    private const int Segment = 1448;
    private readonly byte[] _payload = new byte[Segment];

    [Params(false, true)]
    public bool Reordered { get; set; }

    [Benchmark]
    public long Reassemble()
    {
        var sink = new CountingSink();
        var reassembler = new TcpStreamReassembler(sink);
        reassembler.AddSegment(1000, TcpFlags.Syn, [], 1);
        for (int i = 0; i < 1000; i++)
        {
            int index = Reordered && i % 10 == 0 && i + 1 < 1000 ? i + 1 : Reordered && i % 10 == 1 ? i - 1 : i;
            reassembler.AddSegment((uint)(1001 + (index * Segment)), TcpFlags.Ack, _payload, i + 2);
        }

        return sink.Bytes;
    }

    private sealed class CountingSink : ITcpStreamSink
    {
        public long Bytes;

        public void OnData(ReadOnlySpan<byte> data, long frameNumber) => Bytes += data.Length;

        public void OnGap(long missingBytes, long frameNumber)
        {
        }

        public void OnClose(bool reset, long frameNumber)
        {
        }
    }
}
