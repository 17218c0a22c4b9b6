namespace TlsExtcap.Core.Keys;

/// <summary>Why a key channel could not be created, found or opened.</summary>
public enum KeyChannelError
{
    /// <summary>The per-user folder is not a directory owned by this user and closed to others (mode 0700).</summary>
    UnsafeFolder,

    /// <summary>The path is not a FIFO (or named pipe) owned by this user.</summary>
    NotAChannel,

    /// <summary>There is no key channel at the path.</summary>
    NotFound,

    /// <summary>The channel exists but no capture reads it: the capture has ended.</summary>
    NoReader,

    /// <summary>The channel could not be created.</summary>
    CreateFailed,

    /// <summary>Key channels are not implemented on this operating system.</summary>
    Unsupported,
}
