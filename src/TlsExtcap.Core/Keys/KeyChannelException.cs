namespace TlsExtcap.Core.Keys;

/// <summary>
/// A key channel could not be created, found or opened. An <see cref="IOException"/>, so callers that
/// already treat I/O failures as "input unusable" handle it. The message names the path and the cause.
/// </summary>
public sealed class KeyChannelException : IOException
{
    public KeyChannelException(KeyChannelError reason, string path, string problem)
        : base($"{path}: {problem}")
    {
        Reason = reason;
        Path = path;
    }

    /// <summary>Why the channel could not be used.</summary>
    public KeyChannelError Reason { get; }

    /// <summary>The channel or folder concerned.</summary>
    public string Path { get; }
}
