namespace TlsExtcap.Core.Network.Tcp;

/// <summary>Receives the reassembled byte stream of one direction of a TCP connection.</summary>
public interface ITcpStreamSink
{
    /// <summary>In-order bytes. <paramref name="frameNumber"/> is the frame whose segment carried them. The span is only valid during the call.</summary>
    void OnData(ReadOnlySpan<byte> data, long frameNumber);

    /// <summary>Bytes that will never come (a segment lost from the capture); delivery resumes after them. <paramref name="missingBytes"/> is -1 if unknown.</summary>
    void OnGap(long missingBytes, long frameNumber);

    /// <summary>The stream ended: FIN (after all data before it was delivered) or RST.</summary>
    void OnClose(bool reset, long frameNumber);
}
