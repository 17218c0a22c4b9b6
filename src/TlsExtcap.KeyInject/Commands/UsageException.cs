namespace TlsExtcap.KeyInject.Commands;

/// <summary>The command line lacks something the situation needs (exit code 1); the message says what to add.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
