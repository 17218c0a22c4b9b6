namespace TlsExtcap.Core.Keys;

/// <summary>What the key channel checks about a path or descriptor: its type, permission bits and owner.</summary>
/// <param name="Mode">The <c>st_mode</c> value: file type bits (<c>S_IFMT</c>) and permission bits.</param>
/// <param name="OwnerId">The owner's user id.</param>
internal readonly record struct UnixFileStatus(int Mode, uint OwnerId)
{
    // <sys/stat.h> (POSIX.1-2017): S_IFMT and the type values are the same on every Unix .NET runs on.
    private const int TypeMask = 0xF000;
    private const int FifoType = 0x1000;
    private const int DirectoryType = 0x4000;

    public bool IsFifo => (Mode & TypeMask) == FifoType;

    /// <summary>A directory itself — a symbolic link to one is not (the status is taken without following links).</summary>
    public bool IsDirectory => (Mode & TypeMask) == DirectoryType;

    /// <summary>The permission bits (<c>07777</c>).</summary>
    public int Permissions => Mode & 0xFFF;

    /// <summary>True when group or others have any permission (<c>mode &amp; 077</c>).</summary>
    public bool OpenToOthers => (Mode & 0x3F) != 0;
}
