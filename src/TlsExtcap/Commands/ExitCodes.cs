namespace TlsExtcap.Commands;

/// <summary>Process exit codes (documented in the README).</summary>
internal static class ExitCodes
{
    /// <summary>Done — also when some connections had no keys.</summary>
    public const int Success = 0;

    /// <summary>Bad usage: unknown command or option, missing argument.</summary>
    public const int Usage = 1;

    /// <summary>Unreadable or invalid input: capture, key log, key file.</summary>
    public const int InvalidInput = 2;

    /// <summary>An output could not be written (disk full, unwritable path); the message says how much was written.</summary>
    public const int OutputFailed = 3;

    /// <summary><c>doctor</c> found a problem (each printed with the command that fixes it).</summary>
    public const int ProblemsFound = 4;
}
