namespace TlsExtcap.Core.Capture;

/// <summary>
/// One packet or one decryption-secrets block read from a capture file. <see cref="Data"/> points into
/// the reader's reusable buffer and is valid only until the next <see cref="CaptureReader.TryRead"/>.
/// </summary>
public readonly struct CaptureRecord
{
    /// <summary>Packet or decryption secrets.</summary>
    public CaptureRecordKind Kind { get; init; }

    /// <summary>1-based number of this packet in the file; decryption-secrets blocks do not count (they carry the number of the last packet read).</summary>
    public long FrameNumber { get; init; }

    /// <summary>Link type of the packet's interface (default for decryption secrets).</summary>
    public LinkType LinkType { get; init; }

    /// <summary>Interface index across the whole file (pcapng sections are numbered on); 0 for pcap; -1 for decryption secrets.</summary>
    public int InterfaceId { get; init; }

    /// <summary>Capture time in nanoseconds since the Unix epoch (0 for Simple Packet Blocks and decryption secrets, which carry none).</summary>
    public long TimestampNanoseconds { get; init; }

    /// <summary>Length of the packet on the wire (may exceed <see cref="Data"/>'s length).</summary>
    public int OriginalLength { get; init; }

    /// <summary>Captured packet bytes, or the secrets data of a decryption-secrets block.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Secrets type of a decryption-secrets block (0x544c534b = TLS key log); 0 for packets.</summary>
    public uint SecretsType { get; init; }

    /// <summary>The block's <c>opt_comment</c> values; empty when none.</summary>
    public IReadOnlyList<string> Comments { get; init; }
}
