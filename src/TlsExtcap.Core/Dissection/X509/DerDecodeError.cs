namespace TlsExtcap.Core.Dissection.X509;

/// <summary>Why bytes are not valid DER (ITU-T X.690 §8, §10).</summary>
public enum DerDecodeError
{
    /// <summary>The element runs past the end of its container.</summary>
    Truncated,

    /// <summary>Indefinite length, or a length of more than 4 bytes: not DER (X.690 §10.1).</summary>
    BadLength,

    /// <summary>A different tag than the structure requires.</summary>
    UnexpectedTag,

    /// <summary>Nested deeper than the decoder allows.</summary>
    TooDeep,

    /// <summary>A value that breaks its type's encoding (an OID, a time, a BIT STRING).</summary>
    BadValue,
}
