using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;
using Serilog;

namespace TlsExtcap.Core.Dissection;

/// <summary>
/// Loads dissector plugins: every <c>*.dll</c> directly inside a folder the user named is loaded into its own
/// <see cref="AssemblyLoadContext"/> (the plugin's own dependencies resolve next to it; TlsExtcap's assemblies
/// are shared with the host), and every public <see cref="IDissectorPlugin"/> in it registers its dissectors.
/// Nothing is loaded from anywhere else. On Unix a folder or assembly that other users can write to is refused:
/// loading it would run their code.
/// </summary>
public static class PluginLoader
{
    /// <summary>Whether this build can load plugins: not a native (ahead-of-time) build, which has no JIT for their code.</summary>
    public static bool Supported => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Loads the plugins of <paramref name="folder"/>; returns their names.</summary>
    [RequiresUnreferencedCode("Plugins are assemblies loaded at run time; a trimmed build may lack what they use.")]
    [RequiresDynamicCode("Plugins are assemblies loaded at run time; a native build cannot run their code.")]
    public static IReadOnlyList<string> Load(DissectorRegistry registry, string folder, ILogger? logger = null)
    {
        logger ??= Serilog.Core.Logger.None;
        string full = System.IO.Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new PluginLoadException(folder, "no such plugins folder");
        }

        RefuseWritableByOthers(full, isFolder: true);
        var names = new List<string>();
        foreach (string path in Directory.GetFiles(full, "*.dll").Order(StringComparer.Ordinal))
        {
            RefuseWritableByOthers(path, isFolder: false);
            Assembly assembly;
            try
            {
                assembly = new PluginContext(path).LoadFromAssemblyPath(path);
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or IOException)
            {
                // Not a .NET assembly (a native library next to a plugin, for example): skip it.
                logger.Information("Skipping {Path}: not a .NET assembly", path);
                continue;
            }

            foreach (var type in PluginTypes(assembly, path))
            {
                IDissectorPlugin plugin;
                try
                {
                    plugin = (IDissectorPlugin)Activator.CreateInstance(type)!;
                }
                catch (Exception ex) when (ex is TargetInvocationException or MissingMethodException or MemberAccessException)
                {
                    throw new PluginLoadException(path, $"cannot create {type.FullName}: {ex.InnerException?.Message ?? ex.Message}", ex);
                }

                registry.AddPlugin(plugin);
                names.Add(plugin.Name);
            }
        }

        return names;
    }

    [RequiresUnreferencedCode("Reads the exported types of a plugin assembly.")]
    private static IEnumerable<Type> PluginTypes(Assembly assembly, string path)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
        {
            throw new PluginLoadException(path, $"cannot read its types: {ex.Message}", ex);
        }

        return types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDissectorPlugin).IsAssignableFrom(t)
            && t.GetConstructor(Type.EmptyTypes) is not null);
    }

    private static void RefuseWritableByOthers(string path, bool isFolder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.OtherWrite | UnixFileMode.GroupWrite)) != 0)
        {
            throw new PluginLoadException(path, $"{(isFolder ? "the folder" : "the assembly")} is writable by other users; refusing to load plugins from it (chmod go-w)");
        }
    }

    /// <summary>One plugin's load context: its dependencies from its folder, the host's own assemblies shared.</summary>
    private sealed class PluginContext(string path) : AssemblyLoadContext(System.IO.Path.GetFileNameWithoutExtension(path), isCollectible: false)
    {
        private readonly AssemblyDependencyResolver _resolver = new(path);

        [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only reached through Load, which requires unreferenced code.")]
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // The plugin API (TlsExtcap.Core) and everything else the host has loaded must be the host's copies.
            if (Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), assemblyName)))
            {
                return null;
            }

            string? resolved = _resolver.ResolveAssemblyToPath(assemblyName);
            return resolved is null ? null : LoadFromAssemblyPath(resolved);
        }
    }
}
