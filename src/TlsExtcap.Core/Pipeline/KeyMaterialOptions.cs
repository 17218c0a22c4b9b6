namespace TlsExtcap.Core.Pipeline;

/// <summary>Key material named on a command line: key logs, RSA private keys, PSKs.</summary>
public sealed class KeyMaterialOptions
{
    public IList<string> KeyLogFiles { get; init; } = [];

    /// <summary>RSA private key files, each with an optional password (PKCS#12, encrypted PKCS#8).</summary>
    public IList<(string Path, string? Password)> RsaKeyFiles { get; init; } = [];

    public IList<byte[]> PreSharedKeys { get; init; } = [];

    /// <summary>Splits "path[:password]" — a colon followed by a password, unless the whole text is an existing file.</summary>
    public static (string Path, string? Password) ParseRsaKeyArgument(string value)
    {
        if (File.Exists(value))
        {
            return (value, null);
        }

        int colon = value.LastIndexOf(':');
        // Keep Windows drive letters ("C:\...") intact.
        if (colon > 1)
        {
            return (value[..colon], value[(colon + 1)..]);
        }

        return (value, null);
    }
}
