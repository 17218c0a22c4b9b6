using TlsExtcap.Core.Crypto;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>The shape of the TLS ≤ 1.2 key-exchange messages, from the negotiated suite (RFC 5246 §7.4.3, RFC 8422 §5.4, RFC 4279).</summary>
internal enum KeyExchangeKind
{
    Unknown,
    Rsa,
    Dhe,
    Ecdhe,
    Psk,
    DhePsk,
    EcdhePsk,
    RsaPsk,
}

/// <summary>Maps a suite's key exchange to <see cref="KeyExchangeKind"/>.</summary>
internal static class KeyExchangeKinds
{
    public static KeyExchangeKind Of(DissectionContext context)
    {
        if (context.CipherSuite is not { } value || !CipherSuiteRegistry.TryGet(value, out var suite))
        {
            return KeyExchangeKind.Unknown;
        }

        return suite.KeyExchange switch
        {
            KeyExchangeAlgorithm.Rsa or KeyExchangeAlgorithm.RsaExport => KeyExchangeKind.Rsa,
            KeyExchangeAlgorithm.DheRsa or KeyExchangeAlgorithm.DheDss or KeyExchangeAlgorithm.DhAnon
                or KeyExchangeAlgorithm.DhRsa or KeyExchangeAlgorithm.DhDss => KeyExchangeKind.Dhe,
            KeyExchangeAlgorithm.EcdheRsa or KeyExchangeAlgorithm.EcdheEcdsa or KeyExchangeAlgorithm.EcdhAnon
                or KeyExchangeAlgorithm.EcdhRsa or KeyExchangeAlgorithm.EcdhEcdsa => KeyExchangeKind.Ecdhe,
            KeyExchangeAlgorithm.Psk => KeyExchangeKind.Psk,
            KeyExchangeAlgorithm.DhePsk => KeyExchangeKind.DhePsk,
            KeyExchangeAlgorithm.EcdhePsk => KeyExchangeKind.EcdhePsk,
            KeyExchangeAlgorithm.RsaPsk => KeyExchangeKind.RsaPsk,
            _ => KeyExchangeKind.Unknown,
        };
    }

    /// <summary>True when the suite's ServerKeyExchange is signed (not anonymous, not PSK).</summary>
    public static bool IsSigned(DissectionContext context) =>
        context.CipherSuite is { } value && CipherSuiteRegistry.TryGet(value, out var suite)
        && suite.KeyExchange is KeyExchangeAlgorithm.DheRsa or KeyExchangeAlgorithm.DheDss or KeyExchangeAlgorithm.EcdheRsa
            or KeyExchangeAlgorithm.EcdheEcdsa or KeyExchangeAlgorithm.RsaExport;
}
