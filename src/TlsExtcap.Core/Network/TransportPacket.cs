namespace TlsExtcap.Core.Network;

/// <summary>
/// The transport-layer view of one captured frame, produced by <see cref="PacketDecoder.TryDecode"/>.
/// <see cref="Payload"/> points into the frame.
/// </summary>
public ref struct TransportPacket
{
    public TransportProtocol Protocol;

    public IpEndpoint Source;

    public IpEndpoint Destination;

    /// <summary>TCP only.</summary>
    public uint SequenceNumber;

    /// <summary>TCP only.</summary>
    public uint AcknowledgmentNumber;

    /// <summary>TCP only.</summary>
    public TcpFlags Flags;

    /// <summary>TCP/UDP payload, trimmed to the IP (and UDP) length so link-layer padding is dropped; shorter when the frame was captured short.</summary>
    public ReadOnlySpan<byte> Payload;

    /// <summary>True when the captured frame holds less than the IP/UDP length said.</summary>
    public bool PayloadTruncated;
}
