using System.Text;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Handshake;

/// <summary>Decoders for the extension bodies the core acts on.</summary>
public static class ExtensionParsers
{
    /// <summary>RFC 6066 §3: ServerNameList; returns the first host_name.</summary>
    public static string? ParseServerName(ReadOnlySpan<byte> data)
    {
        // RFC 6066 §3: the client's extension may be empty only in a ServerHello/EncryptedExtensions.
        if (data.IsEmpty)
        {
            return null;
        }

        var reader = new TlsReader(data, "ServerNameList");
        var list = reader.ReadVector16("ServerNameList.server_name_list", 1);
        string? host = null;
        while (!list.IsEmpty)
        {
            byte nameType = list.ReadUInt8();
            var name = list.ReadVector16("ServerName.host_name", 1);
            if (nameType == 0 && host is null)
            {
                host = Encoding.ASCII.GetString(name.RemainingSpan);
            }
        }

        reader.EnsureEnd();
        return host;
    }

    /// <summary>RFC 7301 §3.1: ProtocolNameList.</summary>
    public static string[] ParseAlpn(ReadOnlySpan<byte> data)
    {
        var reader = new TlsReader(data, "ProtocolNameList");
        var list = reader.ReadVector16("ProtocolNameList.protocol_name_list", 2);
        var names = new List<string>();
        while (!list.IsEmpty)
        {
            // RFC 7301 §3.1: ProtocolName is opaque<1..2^8-1>.
            var name = list.ReadVector8("ProtocolName", 1);
            names.Add(Encoding.ASCII.GetString(name.RemainingSpan));
        }

        reader.EnsureEnd();
        return [.. names];
    }

    /// <summary>RFC 8446 §4.2.1: ProtocolVersion versions&lt;2..254&gt; in the ClientHello.</summary>
    public static ushort[] ParseClientSupportedVersions(ReadOnlySpan<byte> data)
    {
        var reader = new TlsReader(data, "SupportedVersions");
        var list = reader.ReadVector8("SupportedVersions.versions", 2);
        if (list.Remaining % 2 != 0)
        {
            throw new TlsDecodeException(TlsDecodeError.BadVectorLength, "SupportedVersions.versions");
        }

        var versions = new ushort[list.Remaining / 2];
        for (int i = 0; i < versions.Length; i++)
        {
            versions[i] = list.ReadUInt16();
        }

        reader.EnsureEnd();
        return versions;
    }

    /// <summary>EncryptedExtensions (RFC 8446 §4.3.1): ALPN and early_data acceptance.</summary>
    public static (string? Alpn, bool EarlyDataAccepted) ParseEncryptedExtensions(ReadOnlySpan<byte> body)
    {
        var reader = new TlsReader(body, "EncryptedExtensions");
        var extensions = reader.ReadVector16("EncryptedExtensions.extensions");
        string? alpn = null;
        bool early = false;
        while (!extensions.IsEmpty)
        {
            var type = (ExtensionType)extensions.ReadUInt16();
            var data = extensions.ReadVector16("Extension.extension_data");
            if (type == ExtensionType.ApplicationLayerProtocolNegotiation)
            {
                string[] names = ParseAlpn(data.RemainingSpan);
                alpn = names.Length > 0 ? names[0] : null;
            }
            else if (type == ExtensionType.EarlyData)
            {
                early = true;
            }
        }

        reader.EnsureEnd();
        return (alpn, early);
    }
}
