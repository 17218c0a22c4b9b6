namespace TlsExtcap.Core.Dissection;

/// <summary>
/// The entry point of a dissector plugin: a public class with a parameterless constructor in an assembly
/// of a plugins folder (<c>--plugins &lt;dir&gt;</c>). <see cref="Register"/> adds dissectors to the tables.
/// </summary>
public interface IDissectorPlugin
{
    string Name { get; }

    void Register(DissectorRegistry registry);
}
