using TlsExtcap.Core.Keys;

namespace TlsExtcap.Fuzz.Targets;

/// <summary>
/// The RSA private key loader (<c>--rsa-key</c>) over file contents: PEM (PKCS#1, PKCS#8, encrypted,
/// legacy Proc-Type), DER and PKCS#12. The only rejection allowed out is <see cref="KeyFileException"/>.
/// </summary>
public static class RsaKeyTarget
{
    public static void Run(byte[] input)
    {
        try
        {
            using var rsa = RsaPrivateKeyLoader.LoadFromBytes(input, input.Length % 3 == 0 ? null : "WebAS", "fuzz");
        }
        catch (KeyFileException)
        {
        }
    }

    public static IReadOnlyList<byte[]> Seeds() =>
        [FuzzTargets.Read("rsasnakeoil2.key"), FuzzTargets.Read("udt-dtls.key"), FuzzTargets.Read("key.p12")];
}
