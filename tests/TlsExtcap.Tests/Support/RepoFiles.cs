namespace TlsExtcap.Tests.Support;

/// <summary>Files of the source tree (found upwards from the test binaries), to test them where they are kept.</summary>
internal static class RepoFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "TlsExtcap.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no TlsExtcap.sln above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>wireshark/tlsextcap.lua of the source tree.</summary>
    public static string LuaDissector => Path("wireshark", "tlsextcap.lua");
}
