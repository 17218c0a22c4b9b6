namespace TlsExtcap.Core.Tls.Session;

/// <summary>
/// A per-connection resource limit (<see cref="TlsEngineOptions"/>). A connection that goes over one
/// is not decrypted further: its buffers are freed, its later packets are passed over without being
/// parsed, and the capture goes on.
/// </summary>
public enum ConnectionLimit
{
    /// <summary>A handshake message declared more than <see cref="TlsEngineOptions.MaxHandshakeMessageLength"/> bytes.</summary>
    HandshakeSize,

    /// <summary>One TCP direction held more than <see cref="TlsEngineOptions.MaxReassemblyBytes"/> out-of-order bytes behind a hole.</summary>
    ReassemblyWindow,
}
