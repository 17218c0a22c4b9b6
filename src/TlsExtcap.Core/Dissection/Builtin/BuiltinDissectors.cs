using TlsExtcap.Core.Dissection.Builtin.Extensions;
using TlsExtcap.Core.Dissection.Builtin.Handshake;
using TlsExtcap.Core.Dissection.Builtin.Records;
using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin;

/// <summary>Registers the built-in dissectors into a registry.</summary>
internal static class BuiltinDissectors
{
    public static void Register(DissectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Certificates = new X509.X509Dissector();
        registry.ContentTypes.Register(ContentType.ChangeCipherSpec, new ChangeCipherSpecDissector());
        registry.ContentTypes.Register(ContentType.Alert, new AlertDissector());
        registry.ContentTypes.Register(ContentType.Heartbeat, new HeartbeatDissector());

        var handshakes = registry.HandshakeTypes;
        handshakes.Register(HandshakeType.HelloRequest, new EmptyMessageDissector("the server asks for a new handshake (renegotiation)"));
        handshakes.Register(HandshakeType.ClientHello, new ClientHelloDissector());
        handshakes.Register(HandshakeType.ServerHello, new ServerHelloDissector());
        handshakes.Register(HandshakeType.HelloVerifyRequest, new HelloVerifyRequestDissector());
        handshakes.Register(HandshakeType.NewSessionTicket, new NewSessionTicketDissector());
        handshakes.Register(HandshakeType.EndOfEarlyData, new EmptyMessageDissector("no more 0-RTT data; the client's next records use its handshake traffic keys"));
        handshakes.Register(HandshakeType.EncryptedExtensions, new EncryptedExtensionsDissector());
        handshakes.Register(HandshakeType.Certificate, new CertificateDissector());
        handshakes.Register(HandshakeType.ServerKeyExchange, new ServerKeyExchangeDissector());
        handshakes.Register(HandshakeType.CertificateRequest, new CertificateRequestDissector());
        handshakes.Register(HandshakeType.ServerHelloDone, new EmptyMessageDissector("the server has sent all of its first flight"));
        handshakes.Register(HandshakeType.CertificateVerify, new CertificateVerifyDissector());
        handshakes.Register(HandshakeType.ClientKeyExchange, new ClientKeyExchangeDissector());
        handshakes.Register(HandshakeType.Finished, new FinishedDissector());
        handshakes.Register(HandshakeType.CertificateStatus, new CertificateStatusDissector());
        handshakes.Register(HandshakeType.KeyUpdate, new KeyUpdateDissector());
        handshakes.Register(HandshakeType.CompressedCertificate, new CompressedCertificateDissector());

        var extensions = registry.Extensions;
        extensions.Register(ExtensionType.ServerName, new ServerNameExtension());
        extensions.Register((ExtensionType)1, new ByteEnumExtension((ExtensionType)1, "Max Fragment Length", MiscRegistries.MaxFragmentLengths));
        extensions.Register(ExtensionType.StatusRequest, new StatusRequestExtension());
        extensions.Register(ExtensionType.SupportedGroups, new NamedGroupListExtension());
        extensions.Register(ExtensionType.EcPointFormats, new EcPointFormatsExtension());
        extensions.Register(ExtensionType.SignatureAlgorithms, new SignatureAlgorithmsExtension(ExtensionType.SignatureAlgorithms));
        extensions.Register(ExtensionType.SignatureAlgorithmsCert, new SignatureAlgorithmsExtension(ExtensionType.SignatureAlgorithmsCert));
        extensions.Register(ExtensionType.Heartbeat, new ByteEnumExtension(ExtensionType.Heartbeat, "Mode", MiscRegistries.HeartbeatModes));
        extensions.Register(ExtensionType.ApplicationLayerProtocolNegotiation, new AlpnExtension());
        extensions.Register(ExtensionType.SignedCertificateTimestamp, new SignedCertificateTimestampExtension());
        extensions.Register(ExtensionType.Padding, new PaddingExtension());
        extensions.Register(ExtensionType.EncryptThenMac, new EmptyExtension(ExtensionType.EncryptThenMac));
        extensions.Register(ExtensionType.ExtendedMasterSecret, new EmptyExtension(ExtensionType.ExtendedMasterSecret));
        extensions.Register(ExtensionType.CompressCertificate, new CompressCertificateExtension());
        extensions.Register(ExtensionType.RecordSizeLimit, new RecordSizeLimitExtension());
        extensions.Register(ExtensionType.SessionTicket, new SessionTicketExtension());
        extensions.Register(ExtensionType.PreSharedKey, new PreSharedKeyExtension());
        extensions.Register(ExtensionType.EarlyData, new EarlyDataExtension());
        extensions.Register(ExtensionType.SupportedVersions, new SupportedVersionsExtension());
        extensions.Register(ExtensionType.Cookie, new OpaqueVectorExtension(ExtensionType.Cookie, 2, "Cookie", "empty",
            "the server's state, which the client returns in its second ClientHello (RFC 8446 §4.2.2)"));
        extensions.Register(ExtensionType.PskKeyExchangeModes, new PskKeyExchangeModesExtension());
        extensions.Register(ExtensionType.CertificateAuthorities, new CertificateAuthoritiesExtension());
        extensions.Register(ExtensionType.PostHandshakeAuth, new EmptyExtension(ExtensionType.PostHandshakeAuth, "the client accepts post-handshake authentication"));
        extensions.Register(ExtensionType.KeyShare, new KeyShareExtension());
        extensions.Register(ExtensionType.RenegotiationInfo, new OpaqueVectorExtension(ExtensionType.RenegotiationInfo, 1, "Renegotiated Connection",
            "empty: a first handshake, and the sender supports secure renegotiation",
            "empty on the first handshake; on a renegotiation the previous verify_data, binding the new handshake to the old one (RFC 5746 §3.2)"));
    }
}
