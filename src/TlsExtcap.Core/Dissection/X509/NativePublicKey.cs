using System.Security.Cryptography;

namespace TlsExtcap.Core.Dissection.X509;

/// <summary>
/// A certificate's public key as .NET reads it (through OpenSSL): RSA, ECDSA, or neither. Kept by
/// <see cref="CertificatePublicKeys"/> and shared, so each use verifies under a lock on the key.
/// </summary>
internal sealed record NativePublicKey(RSA? Rsa, ECDsa? Ecdsa);
