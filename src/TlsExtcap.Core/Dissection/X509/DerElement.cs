namespace TlsExtcap.Core.Dissection.X509;

/// <summary>One DER TLV: where it starts, its tag byte(s), and where its header ends and its content ends.</summary>
public readonly record struct DerElement(int Offset, int Tag, int HeaderLength, int ContentLength)
{
    /// <summary>Universal tags (X.680 §8.6).</summary>
    public const int Boolean = 0x01, Integer = 0x02, BitString = 0x03, OctetString = 0x04, Null = 0x05, ObjectIdentifier = 0x06,
        Utf8String = 0x0c, PrintableString = 0x13, T61String = 0x14, Ia5String = 0x16, UtcTime = 0x17, GeneralizedTime = 0x18,
        BmpString = 0x1e, Sequence = 0x30, Set = 0x31;

    public int Length => HeaderLength + ContentLength;

    public int ContentOffset => Offset + HeaderLength;

    public int End => Offset + Length;

    /// <summary>Context-specific tag [n] (X.690 §8.1.2.2), constructed or primitive.</summary>
    public bool IsContext(int number) => (Tag & 0xc0) == 0x80 && (Tag & 0x1f) == number;
}
