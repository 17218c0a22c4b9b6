namespace TlsExtcap.KeyInject.Commands;

/// <summary>An input file that cannot be used; the message names the file and what is wrong with it.</summary>
internal sealed class InputException : Exception
{
    public InputException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
    }

    public string Path { get; }
}
