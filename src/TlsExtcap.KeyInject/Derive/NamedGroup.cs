namespace TlsExtcap.KeyInject.Derive;

/// <summary>Key-exchange groups <c>derive</c> can compute with (IANA TLS Supported Groups; RFC 8446 §4.2.7, RFC 7919, RFC 8422).</summary>
internal enum NamedGroup : ushort
{
    Secp256r1 = 0x0017,
    Secp384r1 = 0x0018,
    Secp521r1 = 0x0019,
    X25519 = 0x001D,
    X448 = 0x001E,
    Ffdhe2048 = 0x0100,
    Ffdhe3072 = 0x0101,
    Ffdhe4096 = 0x0102,
    Ffdhe6144 = 0x0103,
    Ffdhe8192 = 0x0104,
}
