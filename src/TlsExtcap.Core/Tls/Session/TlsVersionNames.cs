using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Session;

/// <summary>Display names of protocol versions, spelled as Wireshark spells them.</summary>
public static class TlsVersionNames
{
    private static readonly Dictionary<ushort, string> Names = new()
    {
        [(ushort)TlsVersion.Ssl30] = "SSL 3.0",
        [(ushort)TlsVersion.Tls10] = "TLS 1.0",
        [(ushort)TlsVersion.Tls11] = "TLS 1.1",
        [(ushort)TlsVersion.Tls12] = "TLS 1.2",
        [(ushort)TlsVersion.Tls13] = "TLS 1.3",
        [(ushort)TlsVersion.Dtls10] = "DTLS 1.0",
        [(ushort)TlsVersion.Dtls12] = "DTLS 1.2",
        [(ushort)TlsVersion.Dtls13] = "DTLS 1.3",
        [(ushort)TlsVersion.DtlsOpenSslPre098f] = "DTLS 1.0 (OpenSSL pre 0.9.8f)",
        [0x0200] = "SSL 2.0",
    };

    public static string GetName(ushort version)
    {
        if (Names.TryGetValue(version, out var name))
        {
            return name;
        }

        // draft-ietf-tls-tls13-NN used 0x7f00 | NN on the wire.
        if ((version & 0xff00) == 0x7f00)
        {
            return $"TLS 1.3 (draft {version & 0xff})";
        }

        return $"Unknown (0x{version:x4})";
    }

    /// <summary>True for TLS 1.3 and its drafts.</summary>
    public static bool IsTls13(ushort version) => version == (ushort)TlsVersion.Tls13 || (version & 0xff00) == 0x7f00;

    /// <summary>TLS 1.3 drafts before 25 authenticated no additional data (draft-25 §5.2 added the record header).</summary>
    public static bool UsesHeaderAsAdditionalData(ushort version) => (version & 0xff00) != 0x7f00 || (version & 0xff) >= 25;
}
