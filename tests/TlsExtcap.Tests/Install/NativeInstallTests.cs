using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Install;

/// <summary>
/// The program as scripts/install.sh installs it — native (ahead-of-time compiled), with the managed build
/// beside it for plugins — does byte for byte what the managed build does, as an extcap too.
/// </summary>
public sealed class NativeInstallTests : IClassFixture<NativeInstall>
{
    private static readonly string[][] Captures =
    [
        ["seed", "capture.pcap", "keylog.txt"],
        ["tls12", "tls12-ecdhe-aes128gcm.pcapng", "tls12-ecdhe-aes128gcm.keylog"],
        ["http", "http1.pcapng", "http1.keylog"],
        ["http", "http2.pcapng", "http2.keylog"],
    ];

    private readonly NativeInstall _install;

    public NativeInstallTests(NativeInstall install)
    {
        _install = install;
    }

    public static TheoryData<string, string, string> Commands()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var capture in Captures)
        {
            foreach (string command in new[] { "summary --json", "summary", "explain --json", "explain" })
            {
                data.Add(command, Path.Combine(capture[0], capture[1]), Path.Combine(capture[0], capture[2]));
            }
        }

        return data;
    }

    public static TheoryData<string, string, string> Modes()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var capture in Captures)
        {
            foreach (string mode in new[] { "keys", "plaintext", "pdu" })
            {
                data.Add(mode, Path.Combine(capture[0], capture[1]), Path.Combine(capture[0], capture[2]));
            }
        }

        return data;
    }

    [Fact]
    public void InstallScript_NativeBuild_ProgramIsNativeWithManagedBuildBeside()
    {
        byte[] head = File.ReadAllBytes(_install.Program)[..4];
        Assert.Equal("\u007fELF"u8.ToArray(), head);
        Assert.False(File.Exists(Path.Combine(_install.Prefix, "tlsextcap.dll")), "a native install has no tlsextcap.dll next to the program");
        Assert.True(File.Exists(Path.Combine(_install.Prefix, "managed", "tlsextcap.dll")), _install.InstallOutput);
        Assert.True(File.Exists(Path.Combine(_install.Prefix, "wireshark", "tlsextcap.lua")));
        string launcher = File.ReadAllText(Path.Combine(_install.Tshark.Home, ".config", "wireshark", "extcap", "tlsextcap"));
        Assert.Contains($"exec \"{_install.Program}\"", launcher, StringComparison.Ordinal);
        var (code, stdout, stderr) = _install.Run("--version");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("0.", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void NativeBuild_Command_SameOutputAsManagedBuild(string command, string capture, string keyLog)
    {
        string[] args = [.. command.Split(' ').Take(1), Cli.Data(capture), "--keylog", Cli.Data(keyLog), .. command.Split(' ').Skip(1)];

        var (nativeCode, native, nativeError) = _install.Run(args);
        var (managedCode, managed, _) = Cli.Run(args);

        Assert.True(nativeCode == 0, nativeError);
        Assert.Equal(managedCode, nativeCode);
        Assert.Equal(managed, native);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void NativeBuild_DecryptMode_SameBytesAsManagedBuild(string mode, string capture, string keyLog)
    {
        string folder = Directory.CreateTempSubdirectory("tlsextcap-native-").FullName;
        try
        {
            string native = Path.Combine(folder, "native.pcapng");
            string managed = Path.Combine(folder, "managed.pcapng");

            var (code, _, stderr) = _install.Run("decrypt", Cli.Data(capture), "--keylog", Cli.Data(keyLog), "-o", native, "--mode", mode);
            Assert.True(code == 0, stderr);
            Assert.Equal(0, Cli.Run("decrypt", Cli.Data(capture), "--keylog", Cli.Data(keyLog), "-o", managed, "--mode", mode).Code);

            Assert.True(new FileInfo(native).Length > 0);
            Assert.Equal(File.ReadAllBytes(managed), File.ReadAllBytes(native));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void NativeBuild_ExportStreams_SameFilesAsManagedBuild()
    {
        string folder = Directory.CreateTempSubdirectory("tlsextcap-native-").FullName;
        try
        {
            string native = Path.Combine(folder, "native");
            string managed = Path.Combine(folder, "managed");

            var (code, _, stderr) = _install.Run("decrypt", Cli.Data("http", "http2.pcapng"), "--keylog", Cli.Data("http", "http2.keylog"), "--export-streams", native);
            Assert.True(code == 0, stderr);
            Assert.Equal(0, Cli.Run("decrypt", Cli.Data("http", "http2.pcapng"), "--keylog", Cli.Data("http", "http2.keylog"), "--export-streams", managed).Code);

            var names = Directory.GetFiles(managed).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(names);
            Assert.Equal(names, Directory.GetFiles(native).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
            foreach (string name in names!)
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(managed, name!)), File.ReadAllBytes(Path.Combine(native, name!)));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A native build cannot load .NET plugins: it hands the command to the managed build installed beside it.</summary>
    [Fact]
    public void NativeBuild_ExplainWithPlugins_ManagedBuildRunsIt()
    {
        string plugins = PluginFolder();
        try
        {
            string[] args = ["explain", Cli.Data("http", "http1.pcapng"), "--keylog", Cli.Data("http", "http1.keylog"), "--plugins", plugins];

            var (code, native, stderr) = _install.Run(args);
            var (_, managed, _) = Cli.Run(args);

            Assert.True(code == 0, stderr);
            Assert.Contains("HTTP Request", native, StringComparison.Ordinal);
            Assert.Equal(managed, native);
        }
        finally
        {
            Directory.Delete(plugins, recursive: true);
        }
    }

    [Fact]
    public void NativeBuild_PluginsWithoutManagedBuild_SaysWhatToDo()
    {
        string alone = Directory.CreateTempSubdirectory("tlsextcap-alone-").FullName;
        string plugins = PluginFolder();
        try
        {
            string program = Path.Combine(alone, "tlsextcap");
            File.Copy(_install.Program, program);
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var (code, stdout, stderr) = Programs.Run(program, ["explain", Cli.Data("http", "http1.pcapng"), "--plugins", plugins], TimeSpan.FromMinutes(1));

            Assert.Equal(1, code);
            Assert.Equal(string.Empty, stdout);
            Assert.Contains("--plugins needs the managed build", stderr, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(alone, "managed", "tlsextcap.dll"), stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(alone, recursive: true);
            Directory.Delete(plugins, recursive: true);
        }
    }

    /// <summary>Wireshark's way in: tshark starts the installed launcher, which execs the native program.</summary>
    [Fact]
    public void NativeBuild_TlsReplayThroughTshark_DecryptsTheSeed()
    {
        string output = _install.Tshark.Temp($"native-{Guid.NewGuid():N}.pcapng");
        _install.Tshark.Capture("tls-replay", output,
            $"extcap.tls_replay.file:{Cli.Data("seed", "capture.pcap")}", $"extcap.tls_replay.keylog:{Cli.Data("seed", "keylog.txt")}");

        var (_, follow, _) = _install.Tshark.Run("-r", output, "-q", "-z", "follow,tls,raw,0");
        Assert.Contains("deadbeef", follow, StringComparison.Ordinal);
        var (_, frames, _) = _install.Tshark.Run("-r", output, "-T", "fields", "-e", "frame.number");
        Assert.Equal(20, frames.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    /// <summary>The HTTP sample plugin, built with the solution, in a folder only its owner can write (the loader refuses others').</summary>
    private static string PluginFolder()
    {
        string built = RepoFiles.Path("plugins", "TlsExtcap.Plugins.Http", "bin", "Release", "net10.0", "TlsExtcap.Plugins.Http.dll");
        Assert.True(File.Exists(built), $"{built} is built with the solution");
        string folder = Directory.CreateTempSubdirectory("tlsextcap-plugins-").FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string copy = Path.Combine(folder, "TlsExtcap.Plugins.Http.dll");
        File.Copy(built, copy);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return folder;
    }
}
