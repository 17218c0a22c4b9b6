namespace TlsExtcap.Core.Dissection.Builtin;

/// <summary>Registers the built-in dissectors into a registry.</summary>
internal static class BuiltinDissectors
{
    public static void Register(DissectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
    }
}
