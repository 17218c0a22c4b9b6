namespace TlsExtcap.Core.Keys;

/// <summary>A key log or private key file could not be read. The message never holds key material or passwords.</summary>
public sealed class KeyFileException : Exception
{
    public KeyFileException(KeyFileError reason, string path, Exception? innerException = null)
        : base($"Cannot use key file '{path}': {reason}.", innerException)
    {
        Reason = reason;
        Path = path;
    }

    /// <summary>Why the file could not be used.</summary>
    public KeyFileError Reason { get; }

    /// <summary>The path of the file.</summary>
    public string Path { get; }
}
