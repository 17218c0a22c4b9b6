namespace TlsExtcap.KeyInject.Derive;

/// <summary>One public key-exchange value on the wire: a TLS 1.3 KeyShareEntry or a TLS 1.2 ECDHE point.</summary>
internal sealed record KeyShare(NamedGroup Group, byte[] KeyExchange);
