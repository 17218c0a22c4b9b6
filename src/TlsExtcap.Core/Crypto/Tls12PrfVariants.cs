using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Crypto;

/// <summary>Version → PRF and record-IV rules, as a table.</summary>
internal static class Tls12PrfVariants
{
    private static readonly (TlsVersion Version, Tls12PrfVariant Prf, bool ImplicitIv, bool Ssl3Mac)[] Rows =
    [
        (TlsVersion.Ssl30, Tls12PrfVariant.Ssl3, true, true),
        (TlsVersion.Tls10, Tls12PrfVariant.Md5Sha1, true, false),
        (TlsVersion.Tls11, Tls12PrfVariant.Md5Sha1, false, false),
        (TlsVersion.Tls12, Tls12PrfVariant.PHash, false, false),
        // RFC 4347 §4.1.2: DTLS 1.0 is TLS 1.1 with explicit IVs; OpenSSL's pre-0.9.8f DTLS used the same.
        (TlsVersion.Dtls10, Tls12PrfVariant.Md5Sha1, false, false),
        (TlsVersion.DtlsOpenSslPre098f, Tls12PrfVariant.Md5Sha1, false, false),
        // RFC 6347 §4.2: DTLS 1.2 uses the TLS 1.2 PRF.
        (TlsVersion.Dtls12, Tls12PrfVariant.PHash, false, false),
    ];

    public static Tls12PrfVariant Of(TlsVersion version) => Find(version).Prf;

    /// <summary>RFC 2246 §6.2.3.2 / RFC 6101 §5.2.3.2: the CBC IV chains from the previous record (no explicit IV).</summary>
    public static bool UsesImplicitIv(TlsVersion version) => Find(version).ImplicitIv;

    /// <summary>RFC 6101 §5.2.3.1: SSL 3.0 uses its own MAC, not HMAC.</summary>
    public static bool UsesSsl3Mac(TlsVersion version) => Find(version).Ssl3Mac;

    private static (TlsVersion Version, Tls12PrfVariant Prf, bool ImplicitIv, bool Ssl3Mac) Find(TlsVersion version)
    {
        foreach (var row in Rows)
        {
            if (row.Version == version)
            {
                return row;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(version), version, "Not a TLS 1.2-or-earlier protocol version.");
    }
}
