namespace TlsExtcap.Core.Dissection;

/// <summary>
/// Looks at decrypted application data no table claimed and dissects it if it recognises it
/// (Wireshark's heuristic dissectors). Returning false must leave <paramref name="data"/>'s parent unchanged.
/// </summary>
public interface IHeuristicDissector
{
    string Name { get; }

    bool TryDissect(ref FieldReader data, DissectionContext context);
}
