namespace TlsExtcap.KeyInject.Commands;

/// <summary>Process exit codes (documented in the README).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad usage: unknown command or option, missing argument.</summary>
    public const int Usage = 1;

    /// <summary>Unreadable or invalid input (capture, key log, private key), or nothing could be derived.</summary>
    public const int InvalidInput = 2;

    /// <summary><c>run</c>: the command was found but could not be started (as env(1) and POSIX shells).</summary>
    public const int CannotExecute = 126;

    /// <summary><c>run</c>: the command was not found (as env(1) and POSIX shells).</summary>
    public const int CommandNotFound = 127;
}
