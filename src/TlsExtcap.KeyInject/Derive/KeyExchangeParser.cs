using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>
/// Reads the public key-exchange values out of handshake message bodies (header removed). Only the
/// fields needed are decoded, each through a bounded vector; malformed bytes throw
/// <see cref="Core.Tls.TlsDecodeException"/>.
/// </summary>
internal static class KeyExchangeParser
{
    private const int RandomLength = 32;
    private const byte NamedCurveType = 3;

    /// <summary>
    /// RFC 8446 §4.2.8: <c>struct { KeyShareEntry client_shares&lt;0..2^16-1&gt;; } KeyShareClientHello;</c>
    /// with <c>struct { NamedGroup group; opaque key_exchange&lt;1..2^16-1&gt;; } KeyShareEntry;</c>
    /// </summary>
    public static List<KeyShare> ClientShares(ReadOnlySpan<byte> clientHelloBody)
    {
        var shares = new List<KeyShare>();
        var extension = FindExtension(ClientHelloExtensions(clientHelloBody), ExtensionType.KeyShare, "ClientHello");
        if (extension.IsEmpty)
        {
            return shares;
        }

        var outer = new TlsReader(extension, "KeyShareClientHello");
        var list = outer.ReadVector16("client_shares");
        outer.EnsureEnd();
        while (!list.IsEmpty)
        {
            var group = (NamedGroup)list.ReadUInt16();
            var value = list.ReadVector16("KeyShareEntry.key_exchange", minLength: 1);
            shares.Add(new KeyShare(group, value.RemainingSpan.ToArray()));
        }

        return shares;
    }

    /// <summary>RFC 8446 §4.2.8: <c>struct { KeyShareEntry server_share; } KeyShareServerHello;</c> (null when absent).</summary>
    public static KeyShare? ServerShare(ReadOnlySpan<byte> serverHelloBody)
    {
        var extension = FindExtension(ServerHelloExtensions(serverHelloBody), ExtensionType.KeyShare, "ServerHello");
        if (extension.IsEmpty)
        {
            return null;
        }

        var reader = new TlsReader(extension, "KeyShareServerHello");
        var group = (NamedGroup)reader.ReadUInt16();
        var value = reader.ReadVector16("KeyShareEntry.key_exchange", minLength: 1);
        reader.EnsureEnd();
        return new KeyShare(group, value.RemainingSpan.ToArray());
    }

    /// <summary>
    /// RFC 8422 §5.4: <c>struct { ECParameters curve_params; ECPoint public; } ServerECDHParams;</c> with
    /// <c>curve_type</c> 3 (named_curve) and <c>opaque point&lt;1..2^8-1&gt;</c>; the signature that follows is not read.
    /// </summary>
    public static KeyShare? ServerEcdhParams(ReadOnlySpan<byte> serverKeyExchangeBody)
    {
        var reader = new TlsReader(serverKeyExchangeBody, "ServerECDHParams");
        if (reader.ReadUInt8() != NamedCurveType)
        {
            // Explicit curves (RFC 8422 §5.4 deprecated them) are not supported.
            return null;
        }

        var group = (NamedGroup)reader.ReadUInt16();
        var point = reader.ReadVector8("ECPoint.point", minLength: 1);
        return new KeyShare(group, point.RemainingSpan.ToArray());
    }

    /// <summary>RFC 8422 §5.7: <c>struct { ECPoint ecdh_Yc; } ClientECDiffieHellmanPublic;</c></summary>
    public static byte[] ClientEcdhPublic(ReadOnlySpan<byte> clientKeyExchangeBody)
    {
        var reader = new TlsReader(clientKeyExchangeBody, "ClientECDiffieHellmanPublic");
        var point = reader.ReadVector8("ECPoint.point", minLength: 1);
        reader.EnsureEnd();
        return point.RemainingSpan.ToArray();
    }

    /// <summary>
    /// RFC 5246 §7.4.3: <c>struct { opaque dh_p&lt;1..2^16-1&gt;; opaque dh_g&lt;1..2^16-1&gt;; opaque dh_Ys&lt;1..2^16-1&gt;; } ServerDHParams;</c>
    /// (the signature that follows is not read).
    /// </summary>
    public static (byte[] Prime, byte[] Generator, byte[] ServerPublic) ServerDhParams(ReadOnlySpan<byte> serverKeyExchangeBody)
    {
        var reader = new TlsReader(serverKeyExchangeBody, "ServerDHParams");
        var p = reader.ReadVector16("ServerDHParams.dh_p", minLength: 1);
        var g = reader.ReadVector16("ServerDHParams.dh_g", minLength: 1);
        var ys = reader.ReadVector16("ServerDHParams.dh_Ys", minLength: 1);
        return (p.RemainingSpan.ToArray(), g.RemainingSpan.ToArray(), ys.RemainingSpan.ToArray());
    }

    /// <summary>RFC 5246 §7.4.7.2: <c>opaque dh_Yc&lt;1..2^16-1&gt;</c> (explicit encoding).</summary>
    public static byte[] ClientDhPublic(ReadOnlySpan<byte> clientKeyExchangeBody)
    {
        var reader = new TlsReader(clientKeyExchangeBody, "ClientDiffieHellmanPublic");
        var yc = reader.ReadVector16("ClientDiffieHellmanPublic.dh_Yc", minLength: 1);
        reader.EnsureEnd();
        return yc.RemainingSpan.ToArray();
    }

    /// <summary>RFC 8446 §4.1.2: legacy_version, random, legacy_session_id&lt;0..32&gt;, cipher_suites&lt;2..2^16-2&gt;, legacy_compression_methods&lt;1..2^8-1&gt;, extensions.</summary>
    private static ReadOnlySpan<byte> ClientHelloExtensions(ReadOnlySpan<byte> body)
    {
        var reader = new TlsReader(body, "ClientHello");
        reader.ReadUInt16();
        reader.ReadBytes(RandomLength);
        reader.ReadVector8("ClientHello.legacy_session_id");
        reader.ReadVector16("ClientHello.cipher_suites", minLength: 2);
        reader.ReadVector8("ClientHello.legacy_compression_methods", minLength: 1);
        if (reader.IsEmpty)
        {
            return default;
        }

        var extensions = reader.ReadVector16("ClientHello.extensions");
        reader.EnsureEnd();
        return extensions.RemainingSpan;
    }

    /// <summary>RFC 8446 §4.1.3: legacy_version, random, legacy_session_id_echo&lt;0..32&gt;, cipher_suite, legacy_compression_method, extensions.</summary>
    private static ReadOnlySpan<byte> ServerHelloExtensions(ReadOnlySpan<byte> body)
    {
        var reader = new TlsReader(body, "ServerHello");
        reader.ReadUInt16();
        reader.ReadBytes(RandomLength);
        reader.ReadVector8("ServerHello.legacy_session_id_echo");
        reader.ReadUInt16();
        reader.ReadUInt8();
        if (reader.IsEmpty)
        {
            return default;
        }

        var extensions = reader.ReadVector16("ServerHello.extensions");
        reader.EnsureEnd();
        return extensions.RemainingSpan;
    }

    /// <summary>RFC 8446 §4.2: <c>struct { ExtensionType extension_type; opaque extension_data&lt;0..2^16-1&gt;; } Extension;</c></summary>
    private static ReadOnlySpan<byte> FindExtension(ReadOnlySpan<byte> extensions, ExtensionType wanted, string structure)
    {
        var reader = new TlsReader(extensions, structure + ".extensions");
        while (!reader.IsEmpty)
        {
            var type = (ExtensionType)reader.ReadUInt16();
            var data = reader.ReadVector16("Extension.extension_data");
            if (type == wanted)
            {
                return data.RemainingSpan;
            }
        }

        return default;
    }
}
