using System.Formats.Asn1;
using System.Globalization;
using System.Text;

namespace TlsExtcap.Core.Dissection.X509;

/// <summary>Turns the content of primitive DER elements into text (System.Formats.Asn1 does the decoding).</summary>
internal static class DerValues
{
    public static string ObjectIdentifier(ReadOnlySpan<byte> tlv)
    {
        try
        {
            return AsnDecoder.ReadObjectIdentifier(tlv, AsnEncodingRules.DER, out _);
        }
        catch (AsnContentException)
        {
            throw new DerDecodeException(DerDecodeError.BadValue, "OBJECT IDENTIFIER");
        }
    }

    public static string Time(ReadOnlySpan<byte> tlv)
    {
        try
        {
            var value = tlv[0] == DerElement.UtcTime
                ? AsnDecoder.ReadUtcTime(tlv, AsnEncodingRules.DER, out _)
                : AsnDecoder.ReadGeneralizedTime(tlv, AsnEncodingRules.DER, out _);
            return value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        }
        catch (AsnContentException)
        {
            throw new DerDecodeException(DerDecodeError.BadValue, "Time");
        }
    }

    /// <summary>DirectoryString and the IA5/Printable/UTF8/BMP/T61 strings.</summary>
    public static string String(int tag, ReadOnlySpan<byte> content) => tag switch
    {
        DerElement.BmpString => Encoding.BigEndianUnicode.GetString(content),
        DerElement.Utf8String => Encoding.UTF8.GetString(content),
        DerElement.T61String => Encoding.Latin1.GetString(content),
        _ => Encoding.ASCII.GetString(content),
    };

    public static string Integer(ReadOnlySpan<byte> content) =>
        content.Length <= 8
            ? new System.Numerics.BigInteger(content, isUnsigned: false, isBigEndian: true).ToString(CultureInfo.InvariantCulture)
            : HexText.Spaced(content, 24);
}
