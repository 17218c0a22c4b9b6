namespace TlsExtcap.Core.Dissection.X509;

/// <summary>
/// The exceptions BouncyCastle throws for certificates and keys that do not parse or do not fit (it has no
/// common base type for them): caught by name, so that programming errors still surface.
/// </summary>
internal static class BouncyCastleFailures
{
    public static bool Is(Exception ex) => ex is FormatException or ArgumentException or InvalidOperationException or IOException
        or InvalidCastException or NotSupportedException or IndexOutOfRangeException
        or Org.BouncyCastle.Asn1.Asn1Exception or Org.BouncyCastle.Security.Certificates.CertificateException
        or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Security.InvalidKeyException
        or Org.BouncyCastle.Security.SignatureException or Org.BouncyCastle.Crypto.CryptoException
        or Org.BouncyCastle.Crypto.DataLengthException;
}
