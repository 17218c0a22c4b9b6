namespace TlsExtcap.Core.Keys;

/// <summary>Why a key log or private key file could not be used.</summary>
public enum KeyFileError
{
    /// <summary>The file does not exist.</summary>
    NotFound,

    /// <summary>The file is larger than the loader accepts.</summary>
    TooLarge,

    /// <summary>The file is not in a format the loader understands.</summary>
    UnsupportedFormat,

    /// <summary>The key is encrypted and the password is missing or wrong.</summary>
    BadPassword,

    /// <summary>The file holds a private key, but not an RSA one.</summary>
    NotRsa,

    /// <summary>The file looks like a supported format but its contents are damaged.</summary>
    Corrupt,
}
