using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Handshake;

/// <summary>
/// What the core needs from a ServerHello or HelloRetryRequest. RFC 8446 §4.1.3, RFC 5246 §7.4.1.3.
/// <code>
/// struct {
///     ProtocolVersion legacy_version = 0x0303;
///     Random random;
///     opaque legacy_session_id_echo&lt;0..32&gt;;   // absent in TLS 1.3 drafts before 22
///     CipherSuite cipher_suite;
///     uint8 legacy_compression_method = 0;     // absent in TLS 1.3 drafts before 22
///     Extension extensions&lt;6..2^16-1&gt;;
/// } ServerHello;
/// </code>
/// </summary>
public sealed class ServerHelloInfo
{
    /// <summary>RFC 8446 §4.1.3: the random of a HelloRetryRequest is SHA-256("HelloRetryRequest").</summary>
    public static ReadOnlySpan<byte> HelloRetryRequestRandom =>
    [
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
    ];

    public ushort LegacyVersion { get; init; }

    public byte[] Random { get; init; } = [];

    public byte[] SessionId { get; init; } = [];

    public ushort CipherSuite { get; init; }

    /// <summary>The version from supported_versions, or 0 when the extension is absent.</summary>
    public ushort SelectedVersion { get; init; }

    public bool IsHelloRetryRequest { get; init; }

    public bool AcceptsPreSharedKey { get; init; }

    public bool UsesExtendedMasterSecret { get; init; }

    public bool UsesEncryptThenMac { get; init; }

    public string? Alpn { get; init; }

    public bool HasSessionTicketExtension { get; init; }

    /// <summary>The negotiated version: supported_versions when present, else legacy_version.</summary>
    public ushort NegotiatedVersion => SelectedVersion != 0 ? SelectedVersion : LegacyVersion;

    public static ServerHelloInfo Parse(ReadOnlySpan<byte> body)
    {
        var reader = new TlsReader(body, "ServerHello");
        ushort version = reader.ReadUInt16();
        byte[] random = reader.ReadBytes(32).ToArray();
        byte[] sessionId = [];
        // draft-ietf-tls-tls13-21 and earlier: no legacy_session_id_echo, no compression method.
        bool draftBefore22 = (version & 0xff00) == 0x7f00 && (version & 0xff) < 22;
        if (!draftBefore22)
        {
            var sid = reader.ReadVector8("ServerHello.legacy_session_id_echo");
            if (sid.Remaining > 32)
            {
                throw new TlsDecodeException(TlsDecodeError.LengthTooLarge, "ServerHello.legacy_session_id_echo");
            }

            sessionId = sid.RemainingSpan.ToArray();
        }

        ushort suite = reader.ReadUInt16();
        if (!draftBefore22)
        {
            reader.ReadUInt8();
        }

        ushort selected = 0;
        bool psk = false, ems = false, etm = false, ticket = false;
        string? alpn = null;
        if (!reader.IsEmpty)
        {
            var extensions = reader.ReadVector16("ServerHello.extensions");
            while (!extensions.IsEmpty)
            {
                var type = (ExtensionType)extensions.ReadUInt16();
                var data = extensions.ReadVector16("Extension.extension_data");
                switch (type)
                {
                    case ExtensionType.SupportedVersions:
                        // RFC 8446 §4.2.1: the server's extension holds one selected_version.
                        selected = data.ReadUInt16();
                        data.EnsureEnd("ServerHello.supported_versions");
                        break;
                    case ExtensionType.PreSharedKey:
                        psk = true;
                        break;
                    case ExtensionType.ExtendedMasterSecret:
                        ems = true;
                        break;
                    case ExtensionType.EncryptThenMac:
                        etm = true;
                        break;
                    case ExtensionType.SessionTicket:
                        ticket = true;
                        break;
                    case ExtensionType.ApplicationLayerProtocolNegotiation:
                        string[] protocols = ExtensionParsers.ParseAlpn(data.RemainingSpan);
                        alpn = protocols.Length > 0 ? protocols[0] : null;
                        break;
                }
            }

            extensions.EnsureEnd();
        }

        reader.EnsureEnd();
        return new ServerHelloInfo
        {
            LegacyVersion = version,
            Random = random,
            SessionId = sessionId,
            CipherSuite = suite,
            SelectedVersion = selected,
            IsHelloRetryRequest = random.AsSpan().SequenceEqual(HelloRetryRequestRandom),
            AcceptsPreSharedKey = psk,
            UsesExtendedMasterSecret = ems,
            UsesEncryptThenMac = etm,
            Alpn = alpn,
            HasSessionTicketExtension = ticket,
        };
    }
}
