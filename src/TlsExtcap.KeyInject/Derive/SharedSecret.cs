namespace TlsExtcap.KeyInject.Derive;

/// <summary>Tries every private key as the client's, then as the server's, ephemeral key.</summary>
internal static class SharedSecret
{
    public static byte[]? Find(NamedGroup group, IReadOnlyList<byte[]> privateKeys, ReadOnlySpan<byte> clientPublic, ReadOnlySpan<byte> serverPublic, bool padFfdhe)
    {
        foreach (byte[] key in privateKeys)
        {
            byte[]? secret = KeyAgreement.TryAgree(group, key, clientPublic, serverPublic, padFfdhe)
                ?? KeyAgreement.TryAgree(group, key, serverPublic, clientPublic, padFfdhe);
            if (secret is not null)
            {
                return secret;
            }
        }

        return null;
    }
}
