using System.Security.Cryptography;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// Secrets of one stage of the RFC 8446 §7.1 key schedule; a stage fills only its own. <see cref="Dispose"/> zeroes them
/// all; <see cref="ToString"/> names which are present, never their bytes.
/// </summary>
public sealed class Tls13Secrets : IDisposable
{
    public byte[]? EarlySecret { get; set; }

    public byte[]? HandshakeSecret { get; set; }

    public byte[]? MasterSecret { get; set; }

    public byte[]? ClientHandshakeTrafficSecret { get; set; }

    public byte[]? ServerHandshakeTrafficSecret { get; set; }

    public byte[]? ClientApplicationTrafficSecret0 { get; set; }

    public byte[]? ServerApplicationTrafficSecret0 { get; set; }

    public byte[]? ExporterMasterSecret { get; set; }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(EarlySecret);
        CryptographicOperations.ZeroMemory(HandshakeSecret);
        CryptographicOperations.ZeroMemory(MasterSecret);
        CryptographicOperations.ZeroMemory(ClientHandshakeTrafficSecret);
        CryptographicOperations.ZeroMemory(ServerHandshakeTrafficSecret);
        CryptographicOperations.ZeroMemory(ClientApplicationTrafficSecret0);
        CryptographicOperations.ZeroMemory(ServerApplicationTrafficSecret0);
        CryptographicOperations.ZeroMemory(ExporterMasterSecret);
    }

    public override string ToString()
    {
        var present = new List<string>(8);
        void Add(string name, byte[]? value)
        {
            if (value is not null)
            {
                present.Add(name);
            }
        }

        Add(nameof(EarlySecret), EarlySecret);
        Add(nameof(HandshakeSecret), HandshakeSecret);
        Add(nameof(MasterSecret), MasterSecret);
        Add(nameof(ClientHandshakeTrafficSecret), ClientHandshakeTrafficSecret);
        Add(nameof(ServerHandshakeTrafficSecret), ServerHandshakeTrafficSecret);
        Add(nameof(ClientApplicationTrafficSecret0), ClientApplicationTrafficSecret0);
        Add(nameof(ServerApplicationTrafficSecret0), ServerApplicationTrafficSecret0);
        Add(nameof(ExporterMasterSecret), ExporterMasterSecret);
        return $"Tls13Secrets({string.Join(", ", present)})";
    }
}
