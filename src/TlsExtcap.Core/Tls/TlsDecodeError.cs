namespace TlsExtcap.Core.Tls;

/// <summary>Why bytes could not be decoded as TLS. Failure tests assert these, not message texts.</summary>
public enum TlsDecodeError
{
    /// <summary>A structure ended before a field it declares.</summary>
    Truncated,
    /// <summary>A length-prefixed structure had bytes left after its last field.</summary>
    TrailingData,
    /// <summary>A length field exceeds the limit the spec (or our cap) allows.</summary>
    LengthTooLarge,
    /// <summary>A vector length is not a multiple of its element size, or below its minimum.</summary>
    BadVectorLength,
    /// <summary>A record header is not a TLS record header.</summary>
    BadRecordHeader,
    /// <summary>A field holds a value the spec forbids.</summary>
    IllegalValue,
}
