using TlsExtcap.Commands;
using TlsExtcap.Core.Capture;
using TlsExtcap.Output;
using TlsExtcap.Tests.Support;
using TlsExtcap.Tests.Wireshark;

namespace TlsExtcap.Tests.Commands;

/// <summary>
/// <c>tlsextcap install</c> / <c>uninstall</c> for the annotation companion, into a temporary HOME of the
/// real tshark 4.0: tlsextcap.lua in "Personal Lua Plugins", the profile in the personal configuration.
/// </summary>
public class WiresharkFilesInstallerTests
{
    [Fact]
    public void Install_TemporaryHome_LuaAndProfileInThePersonalFolders()
    {
        using var tshark = new Tshark(install: false);

        var (code, stdout, stderr) = tshark.Install();

        Assert.True(code == 0, stderr);
        string lua = Path.Combine(tshark.Home, ".local", "lib", "wireshark", "plugins", "tlsextcap.lua");
        string profile = Path.Combine(tshark.Home, ".config", "wireshark", "profiles", "TlsExtcap");
        Assert.Contains($"installed {lua} ", stdout);
        Assert.Contains($"installed {profile} ", stdout);
        Assert.Equal(File.ReadAllText(RepoFiles.LuaDissector), File.ReadAllText(lua));
        Assert.Equal(["colorfilters", "dfilter_buttons", "preferences"], Directory.GetFiles(profile).Select(Path.GetFileName).Order());
        Assert.Equal(File.ReadAllText(RepoFiles.Path("wireshark", "profiles", "TlsExtcap", "preferences")), File.ReadAllText(Path.Combine(profile, "preferences")));
        var (_, folders, _) = tshark.Run("-G", "folders");
        Assert.Contains(Path.GetDirectoryName(lua)!, folders);
    }

    [Fact]
    public void Install_ThenPlainTshark_ShowsAnnotationFieldsWithoutLuaScriptOption()
    {
        using var tshark = new Tshark(install: false);
        string capture = WriteCapture(tshark);
        var (_, before, _) = tshark.Run("-r", capture, "-Y", "tlsextcap");

        Assert.Equal(0, tshark.Install().Code);
        var (code, stdout, stderr) = tshark.Run("-r", capture, "-Y", "tlsextcap.verified", "-T", "fields", "-e", "tlsextcap.name");
        var (_, profile, _) = tshark.Run("-C", "TlsExtcap", "-r", capture);

        Assert.Equal(string.Empty, before.Trim());
        Assert.True(code == 0, stderr);
        AnnotatedCapture.AssertNoLuaError(stdout, stderr);
        Assert.Equal("TLS record,opaque_type,legacy_record_version,length,encrypted_record,Finished,msg_type,length,verify_data,ContentType,Certificate chain,signature", stdout.Trim());
        Assert.Contains("TLS 1.3 TLS_AES_256_GCM_SHA384", profile);
    }

    [Fact]
    public void Uninstall_AfterInstall_RemovesLuaAndProfileAndTheFieldsAreGone()
    {
        using var tshark = new Tshark(install: false);
        string capture = WriteCapture(tshark);
        Assert.Equal(0, tshark.Install().Code);
        string lua = Path.Combine(tshark.Home, ".local", "lib", "wireshark", "plugins", "tlsextcap.lua");
        string profile = Path.Combine(tshark.Home, ".config", "wireshark", "profiles", "TlsExtcap");
        File.WriteAllText(Path.Combine(profile, "recent"), "# Wireshark writes its own files into a profile it used\n");

        var (code, stdout, _) = tshark.Uninstall();
        var (filterCode, _, filterError) = tshark.Run("-r", capture, "-Y", "tlsextcap");

        Assert.Equal(0, code);
        Assert.Contains($"removed {lua}", stdout);
        Assert.Contains($"removed {profile}", stdout);
        Assert.False(File.Exists(lua));
        Assert.False(Directory.Exists(profile));
        Assert.NotEqual(0, filterCode);
        Assert.Contains("tlsextcap", filterError);
    }

    [Fact]
    public void Uninstall_FilesWithoutOurMarker_LeftAlone()
    {
        using var tshark = new Tshark(install: false);
        string plugins = Path.Combine(tshark.Home, ".local", "lib", "wireshark", "plugins");
        string profile = Path.Combine(tshark.Home, ".config", "wireshark", "profiles", "TlsExtcap");
        Directory.CreateDirectory(plugins);
        Directory.CreateDirectory(profile);
        File.WriteAllText(Path.Combine(plugins, "tlsextcap.lua"), "-- someone else's script\n");
        File.WriteAllText(Path.Combine(profile, "preferences"), "# a profile the user made\n");

        var (code, stdout, _) = tshark.Uninstall();

        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(plugins, "tlsextcap.lua")));
        Assert.True(File.Exists(Path.Combine(profile, "preferences")));
        Assert.Contains("no tlsextcap.lua in", stdout);
    }

    [Fact]
    public void Install_ShippedFilesMissing_FileNotFound()
    {
        using var tshark = new Tshark(install: false);
        var folders = new WiresharkFolders(tshark.Temp("plugins"), tshark.Temp("config"), null);

        var error = Assert.Throws<FileNotFoundException>(() => WiresharkFilesInstaller.Install(folders, tshark.Temp("nothing-shipped")));

        Assert.EndsWith("tlsextcap.lua", error.FileName);
        Assert.False(Directory.Exists(tshark.Temp("plugins")));
    }

    [Fact]
    public void Install_NoGlobalColorfilters_OnlyOurRules()
    {
        using var tshark = new Tshark(install: false);
        var folders = new WiresharkFolders(tshark.Temp("plugins"), tshark.Temp("config"), tshark.Temp("no-global-config"));

        WiresharkFilesInstaller.Install(folders);

        string[] rules = File.ReadAllLines(Path.Combine(tshark.Temp("config"), "profiles", "TlsExtcap", "colorfilters"));
        Assert.Equal(File.ReadAllLines(RepoFiles.Path("wireshark", "profiles", "TlsExtcap", "colorfilters")), rules);
    }

    private static string WriteCapture(Tshark tshark)
    {
        string path = tshark.Temp("finished.pcapng");
        using var writer = new PcapngWriter(File.Create(path));
        writer.AddInterface(LinkType.Ethernet);
        writer.WritePacket(0, 0, AnnotationSamples.FinishedFrame(),
            comments: AnnotationComments.Encode(AnnotationSamples.Finished()).Prepend(AnnotatedCapture.FinishedSummary).ToList());
        return path;
    }
}
