using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Session;

/// <summary>
/// One record with its bytes, for consumers that show them (the annotations): the record as it was on the
/// wire (header and fragment) and, when it was decrypted, its plaintext. Spans are valid only during the
/// call. <see cref="Wire"/> is a slice of the frame being processed when the record lay whole in that
/// frame's payload, and a copy otherwise (a record reassembled from several segments).
/// </summary>
public readonly ref struct RecordView
{
    public RecordView(long number, long frame, ReadOnlySpan<byte> wire, int headerLength, ContentType outerType, ushort wireVersion)
    {
        Number = number;
        Frame = frame;
        Wire = wire;
        HeaderLength = headerLength;
        OuterType = outerType;
        WireVersion = wireVersion;
        InnerType = outerType;
    }

    /// <summary>The record's number in its direction, from 1.</summary>
    public long Number { get; }

    /// <summary>The frame in which the record completed.</summary>
    public long Frame { get; }

    /// <summary>Header and fragment as captured.</summary>
    public ReadOnlySpan<byte> Wire { get; }

    /// <summary>5 for TLS (RFC 8446 §5.1), 13 for DTLS (RFC 6347 §4.1), 2 for an SSLv2-format hello.</summary>
    public int HeaderLength { get; }

    public ReadOnlySpan<byte> Fragment => Wire[HeaderLength..];

    /// <summary>The content type in the header (RFC 8446 §5.2: opaque_type 23 for every protected record).</summary>
    public ContentType OuterType { get; }

    public ushort WireVersion { get; }

    /// <summary>The real content type: for TLS 1.3 the last non-zero byte of the TLSInnerPlaintext.</summary>
    public ContentType InnerType { get; init; }

    public bool Encrypted { get; init; }

    public bool Decrypted { get; init; }

    /// <summary>
    /// The decrypted bytes: for TLS 1.3 the whole TLSInnerPlaintext (content, type, padding; RFC 8446 §5.4),
    /// otherwise the content. Empty unless <see cref="Decrypted"/>.
    /// </summary>
    public ReadOnlySpan<byte> Plaintext { get; init; }

    /// <summary>Bytes of content at the start of <see cref="Plaintext"/>.</summary>
    public int ContentLength { get; init; }

    public ReadOnlySpan<byte> Content => Decrypted ? Plaintext[..ContentLength] : Fragment;

    /// <summary>Where IV/nonce, ciphertext and tag/MAC lie in the fragment (protected records).</summary>
    public RecordLayout Layout { get; init; }

    /// <summary>Why a protected record was not decrypted.</summary>
    public DecryptFailureReason? Failure { get; init; }

    /// <summary>TLS 1.3: the traffic secret that protected the record (when decrypted).</summary>
    public Tls13Stage? Stage { get; init; }

    /// <summary>TLS 1.3: the application traffic secret generation (RFC 8446 §7.2).</summary>
    public int Generation { get; init; }

    /// <summary>DTLS: the epoch of the record header.</summary>
    public ushort Epoch { get; init; }
}
