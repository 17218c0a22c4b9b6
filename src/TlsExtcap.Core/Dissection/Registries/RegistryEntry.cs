namespace TlsExtcap.Core.Dissection.Registries;

/// <summary>One assigned value of an IANA registry: its name and, where it helps, what it is.</summary>
public readonly record struct RegistryEntry(int Value, string Name, string? Description = null);
