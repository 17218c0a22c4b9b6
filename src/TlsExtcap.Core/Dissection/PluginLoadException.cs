namespace TlsExtcap.Core.Dissection;

/// <summary>A plugins folder or assembly that could not be loaded; <see cref="Path"/> names it.</summary>
public sealed class PluginLoadException : Exception
{
    public PluginLoadException(string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
    }

    public string Path { get; }
}
