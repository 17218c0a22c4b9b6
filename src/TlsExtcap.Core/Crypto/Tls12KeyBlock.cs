using System.Security.Cryptography;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// The partitioned key_block of RFC 5246 §6.3. Parts a suite does not use are empty.
/// <see cref="Dispose"/> zeroes every part; <see cref="ToString"/> prints lengths only.
/// </summary>
public sealed class Tls12KeyBlock : IDisposable
{
    internal Tls12KeyBlock(byte[] clientMacKey, byte[] serverMacKey, byte[] clientKey, byte[] serverKey, byte[] clientIv, byte[] serverIv)
    {
        ClientMacKey = clientMacKey;
        ServerMacKey = serverMacKey;
        ClientKey = clientKey;
        ServerKey = serverKey;
        ClientIv = clientIv;
        ServerIv = serverIv;
    }

    public byte[] ClientMacKey { get; }

    public byte[] ServerMacKey { get; }

    public byte[] ClientKey { get; }

    public byte[] ServerKey { get; }

    /// <summary>client_write_IV: the AEAD salt / nonce, or the SSL 3.0 / TLS 1.0 implicit CBC IV; empty otherwise.</summary>
    public byte[] ClientIv { get; }

    public byte[] ServerIv { get; }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(ClientMacKey);
        CryptographicOperations.ZeroMemory(ServerMacKey);
        CryptographicOperations.ZeroMemory(ClientKey);
        CryptographicOperations.ZeroMemory(ServerKey);
        CryptographicOperations.ZeroMemory(ClientIv);
        CryptographicOperations.ZeroMemory(ServerIv);
    }

    public override string ToString() =>
        $"Tls12KeyBlock(mac {ClientMacKey.Length}, key {ClientKey.Length}, iv {ClientIv.Length} bytes per direction)";
}
