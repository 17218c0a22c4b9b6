using BenchmarkDotNet.Attributes;
using TlsExtcap.Core.Tls.Handshake;
using TlsExtcap.Core.Tls.Records;

namespace TlsExtcap.Benchmarks;

/// <summary>Record-header framing and ClientHello parsing (the seed session's ClientHello).</summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    // The seed ClientHello body (frame 8 of the seed capture, after the 4-byte handshake header).
    private static readonly byte[] ClientHello = Convert.FromHexString(
        "0303035735d60c9512c61134349e99999105922738a7ee2110b0692817ec961a21dd20cce0a325341c9485b11e794e263fe3c3399204aaec8dc73eb996cd79f973d1b20076130213031301c02fc02bc030c02c009ec0270067c028006b00a3009fcca9cca8ccaac0afc0adc0a3c09fc05dc061c057c05300a2c0aec0acc0a2c09ec05cc060c056c052c024006ac0230040c00ac01400390038c009c01300330032009dc0a1c09dc051009cc0a0c09cc050003d003c0035002f00ff01000095000b000403000102000a00160014001d0017001e0019001801000101010201030104002300000016000000170000000d002a0028040305030603080708080809080a080b080408050806040105010601030303010302040205020602002b00050403040303002d00020101003300260024001d00204b65e1788c1999350d0a44f50646a75c392584735d96d6d0b35b61c2f9375931");

    private readonly byte[] _records = BuildRecords();

    [Benchmark]
    public int FrameRecords()
    {
        int count = 0;
        ReadOnlySpan<byte> data = _records;
        while (TlsRecordHeader.TryRead(data, out var header) && data.Length >= TlsRecordHeader.Size + header.Length)
        {
            count++;
            data = data[(TlsRecordHeader.Size + header.Length)..];
        }

        return count;
    }

    [Benchmark]
    public int ParseClientHello() => ClientHelloInfo.Parse(ClientHello, isDatagram: false).CipherSuites.Length;

    private static byte[] BuildRecords()
    {
        var data = new List<byte>();
        for (int i = 0; i < 1000; i++)
        {
            data.AddRange([23, 3, 3, 0x40, 0x11]);
            data.AddRange(new byte[0x4011]);
        }

        return [.. data];
    }
}
