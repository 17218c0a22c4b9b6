using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Handshake;

/// <summary>
/// What the core needs from a ClientHello. RFC 8446 §4.1.2, RFC 5246 §7.4.1.2, RFC 6347 §4.2.1 (DTLS cookie).
/// <code>
/// struct {
///     ProtocolVersion legacy_version;
///     Random random;
///     opaque legacy_session_id&lt;0..32&gt;;
///     opaque cookie&lt;0..2^8-1&gt;;                 // DTLS only
///     CipherSuite cipher_suites&lt;2..2^16-2&gt;;
///     opaque legacy_compression_methods&lt;1..2^8-1&gt;;
///     Extension extensions&lt;8..2^16-1&gt;;      // optional before TLS 1.3
/// } ClientHello;
/// </code>
/// </summary>
public sealed class ClientHelloInfo
{
    public ushort LegacyVersion { get; init; }

    public byte[] Random { get; init; } = [];

    public byte[] SessionId { get; init; } = [];

    public byte[] Cookie { get; init; } = [];

    public ushort[] CipherSuites { get; init; } = [];

    public string? ServerName { get; init; }

    public string[] Alpn { get; init; } = [];

    public ushort[] SupportedVersions { get; init; } = [];

    public bool OffersEarlyData { get; init; }

    public bool OffersPreSharedKey { get; init; }

    public bool OffersExtendedMasterSecret { get; init; }

    public bool OffersEncryptThenMac { get; init; }

    public byte[]? SessionTicket { get; init; }

    /// <summary>True for an SSL 2.0-format ClientHello (RFC 5246 Appendix E.2).</summary>
    public bool IsSsl2Format { get; init; }

    public const string StructName = "ClientHello";

    public static ClientHelloInfo Parse(ReadOnlySpan<byte> body, bool isDatagram)
    {
        var reader = new TlsReader(body, StructName);
        ushort version = reader.ReadUInt16();
        byte[] random = reader.ReadBytes(32).ToArray();
        var sessionIdReader = reader.ReadVector8("ClientHello.legacy_session_id");
        // RFC 8446 §4.1.2: legacy_session_id is at most 32 bytes.
        if (sessionIdReader.Remaining > 32)
        {
            throw new TlsDecodeException(TlsDecodeError.LengthTooLarge, "ClientHello.legacy_session_id");
        }

        byte[] sessionId = sessionIdReader.RemainingSpan.ToArray();
        byte[] cookie = [];
        if (isDatagram)
        {
            // RFC 6347 §4.2.1: DTLS ClientHello carries a cookie after the session id.
            cookie = reader.ReadVector8("ClientHello.cookie").RemainingSpan.ToArray();
        }

        var suitesReader = reader.ReadVector16("ClientHello.cipher_suites", 2);
        if (suitesReader.Remaining % 2 != 0)
        {
            throw new TlsDecodeException(TlsDecodeError.BadVectorLength, "ClientHello.cipher_suites");
        }

        var suites = new ushort[suitesReader.Remaining / 2];
        for (int i = 0; i < suites.Length; i++)
        {
            suites[i] = suitesReader.ReadUInt16();
        }

        reader.ReadVector8("ClientHello.legacy_compression_methods", 1);

        string? sni = null;
        string[] alpn = [];
        ushort[] versions = [];
        bool earlyData = false, psk = false, ems = false, etm = false;
        byte[]? ticket = null;
        // RFC 5246 §7.4.1.2: extensions may be absent entirely before TLS 1.3.
        if (!reader.IsEmpty)
        {
            var extensions = reader.ReadVector16("ClientHello.extensions");
            while (!extensions.IsEmpty)
            {
                var type = (ExtensionType)extensions.ReadUInt16();
                var data = extensions.ReadVector16("Extension.extension_data");
                switch (type)
                {
                    case ExtensionType.ServerName:
                        sni = ExtensionParsers.ParseServerName(data.RemainingSpan);
                        break;
                    case ExtensionType.ApplicationLayerProtocolNegotiation:
                        alpn = ExtensionParsers.ParseAlpn(data.RemainingSpan);
                        break;
                    case ExtensionType.SupportedVersions:
                        versions = ExtensionParsers.ParseClientSupportedVersions(data.RemainingSpan);
                        break;
                    case ExtensionType.EarlyData:
                        earlyData = true;
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
                        ticket = data.RemainingSpan.ToArray();
                        break;
                }
            }

            extensions.EnsureEnd();
        }

        reader.EnsureEnd();
        return new ClientHelloInfo
        {
            LegacyVersion = version,
            Random = random,
            SessionId = sessionId,
            Cookie = cookie,
            CipherSuites = suites,
            ServerName = sni,
            Alpn = alpn,
            SupportedVersions = versions,
            OffersEarlyData = earlyData,
            OffersPreSharedKey = psk,
            OffersExtendedMasterSecret = ems,
            OffersEncryptThenMac = etm,
            SessionTicket = ticket,
        };
    }

    /// <summary>
    /// Parses an SSL 2.0-format ClientHello (RFC 5246 Appendix E.2; RFC 6101 Appendix E). The body is
    /// what follows the 2-byte record length: msg_type(1)=1, version(2), cipher_spec_length(2),
    /// session_id_length(2), challenge_length(2), cipher_specs, session_id, challenge.
    /// </summary>
    public static ClientHelloInfo ParseSsl2(ReadOnlySpan<byte> message)
    {
        var reader = new TlsReader(message, "SSLv2ClientHello");
        byte msgType = reader.ReadUInt8();
        if (msgType != 1)
        {
            throw new TlsDecodeException(TlsDecodeError.IllegalValue, "SSLv2ClientHello", "msg_type");
        }

        ushort version = reader.ReadUInt16();
        int specLength = reader.ReadUInt16();
        int sessionIdLength = reader.ReadUInt16();
        int challengeLength = reader.ReadUInt16();
        // RFC 5246 Appendix E.2: cipher_spec_length is a multiple of 3; challenge is 16..32 bytes.
        if (specLength % 3 != 0 || challengeLength < 16 || challengeLength > 32)
        {
            throw new TlsDecodeException(TlsDecodeError.BadVectorLength, "SSLv2ClientHello");
        }

        var specs = reader.ReadBytes(specLength);
        var suites = new List<ushort>();
        for (int i = 0; i < specs.Length; i += 3)
        {
            if (specs[i] == 0)
            {
                suites.Add((ushort)((specs[i + 1] << 8) | specs[i + 2]));
            }
        }

        byte[] sessionId = reader.ReadBytes(sessionIdLength).ToArray();
        var challenge = reader.ReadBytes(challengeLength);
        reader.EnsureEnd();
        // RFC 5246 Appendix E.2: the challenge is right-aligned in the 32-byte ClientHello.random.
        var random = new byte[32];
        challenge.CopyTo(random.AsSpan(32 - challengeLength));
        return new ClientHelloInfo
        {
            LegacyVersion = version,
            Random = random,
            SessionId = sessionId,
            CipherSuites = [.. suites],
            IsSsl2Format = true,
        };
    }
}
