namespace TlsExtcap.Core.Tls.Session;

/// <summary>One ServerHello of a connection (the first handshake or a renegotiation).</summary>
public sealed record HandshakeSummary(long Frame, ushort Version, ushort CipherSuite, bool Resumed);
