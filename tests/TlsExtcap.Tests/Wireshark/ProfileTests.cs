using System.Text.RegularExpressions;
using TlsExtcap.Tests.Support;

namespace TlsExtcap.Tests.Wireshark;

/// <summary>
/// wireshark/profiles/TlsExtcap as installed by <c>tlsextcap install</c>, read by the real tshark with
/// <c>-C TlsExtcap</c>: preferences and colouring rules load without warnings, the custom columns, the
/// colouring rule each kind of frame gets, and every filter button.
/// </summary>
public partial class ProfileTests : IClassFixture<ProfileCapture>
{
    private readonly ProfileCapture _capture;

    public ProfileTests(ProfileCapture capture)
    {
        _capture = capture;
    }

    [Fact]
    public void Profile_Installed_TsharkReadsItWithoutWarnings()
    {
        var (_, stderr) = _capture.Run("--color");

        Assert.Empty(stderr.Split('\n').Where(line => line.Length > 0 && !line.StartsWith("Running as user", StringComparison.Ordinal)));
    }

    [Fact]
    public void Columns_EveryFrame_VersionSuiteSniAndSummary()
    {
        var (stdout, _) = _capture.Run("-T", "tabs");

        // No., Time, Source, →, Destination, Protocol, Length, TLS version, Cipher suite, SNI, Annotations, Info
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t').Select(c => c.Trim()).ToArray()).ToList();
        Assert.Equal(9, rows.Count);
        Assert.All(rows, row => Assert.Equal(12, row.Length));
        Assert.Equal(["TLS 1.3", "", ProfileCapture.ServerName, "TlsExtcap: TLS | ClientHello | 1 record"], rows[ProfileCapture.ClientHello - 1][7..11]);
        Assert.Equal(["TLS 1.3", "TLS_AES_128_GCM_SHA256", ""], rows[ProfileCapture.ServerHello - 1][7..10]);
        Assert.Equal(["TLS 1.3", "TLS_AES_128_GCM_SHA256", ""], rows[ProfileCapture.Finished - 1][7..10]);
        Assert.Equal(["TLS 1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "", "TlsExtcap: TLS 1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 | 1 record, 0/1 decrypted, 1 no keys"],
            rows[ProfileCapture.NoKeys - 1][7..11]);
        Assert.Equal(["", "", "", ""], rows[ProfileCapture.Plain - 1][7..11]);
        Assert.Equal(["TLS 1.3", "TLS_AES_128_GCM_SHA256"], rows[ProfileCapture.ServerHelloWithoutSummaryVersion - 1][7..9]);
        Assert.Equal("Client Hello", rows[ProfileCapture.ClientHello - 1][11]);
    }

    [Fact]
    public void ColorFilters_EachKindOfFrame_GetsItsRule()
    {
        var (stdout, _) = _capture.Run("--color", "-T", "fields", "-e", "frame.number", "-e", "frame.coloring_rule.name");

        var rules = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).ToDictionary(f => int.Parse(f[0]), f => f[1]);
        Assert.Equal("TLS handshake decrypted", rules[ProfileCapture.ServerHello]);
        Assert.Equal("TlsExtcap: check failed", rules[ProfileCapture.Finished]);
        Assert.Equal("TLS not decrypted (no keys)", rules[ProfileCapture.NoKeys]);
        Assert.Equal("TLS decryption failed", rules[ProfileCapture.BadRecordMac]);
        Assert.Equal("TlsExtcap: verified", rules[ProfileCapture.VerifiedOnly]);
        Assert.Equal("TlsExtcap: warning", rules[ProfileCapture.WarningOnly]);
        Assert.DoesNotContain("TLS", rules[ProfileCapture.Plain]);
        Assert.DoesNotContain("TlsExtcap", rules[ProfileCapture.ClientHello]);
    }

    [Fact]
    public void ColorFilters_InstalledFile_OursFirstThenWiresharksDefaults()
    {
        string[] rules = File.ReadAllLines(Path.Combine(_capture.Tshark.Home, ".config", "wireshark", "profiles", "TlsExtcap", "colorfilters"))
            .Where(line => line.StartsWith('@')).ToArray();

        Assert.StartsWith("@TlsExtcap: check failed@", rules[0]);
        Assert.Contains(rules, rule => rule.StartsWith("@Bad TCP@", StringComparison.Ordinal));
        Assert.All(rules, rule => Assert.Matches(@"^@[^@]+@[^@]+@\[\d+,\d+,\d+\]\[\d+,\d+,\d+\]$", rule));
    }

    [Theory]
    [InlineData("Handshake", new[] { ProfileCapture.ClientHello, ProfileCapture.ServerHello, ProfileCapture.ServerHelloWithoutSummaryVersion })]
    [InlineData("Not decrypted", new[] { ProfileCapture.NoKeys, ProfileCapture.BadRecordMac })]
    [InlineData("Failures", new[] { ProfileCapture.Finished, ProfileCapture.BadRecordMac })]
    [InlineData("Verified", new[] { ProfileCapture.Finished, ProfileCapture.VerifiedOnly })]
    public void FilterButtons_EachButton_SelectsItsFrames(string label, int[] frames)
    {
        var (stdout, _) = _capture.Run("-Y", Buttons()[label], "-T", "fields", "-e", "frame.number");

        Assert.Equal(frames, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
    }

    [Fact]
    public void FilterButtons_ApplicationData_SelectsApplicationDataRecords()
    {
        var (stdout, _) = _capture.Run("-Y", Buttons()["Application data"], "-T", "fields", "-e", "frame.number");

        var frames = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        Assert.Contains(ProfileCapture.NoKeys, frames);
        Assert.Contains(ProfileCapture.Plain, frames);
        Assert.DoesNotContain(ProfileCapture.ClientHello, frames);
        Assert.DoesNotContain(ProfileCapture.ServerHello, frames);
    }

    [Fact]
    public void FilterButtons_File_FiveWellFormedEnabledButtons()
    {
        var buttons = Buttons();

        Assert.Equal(["Handshake", "Not decrypted", "Failures", "Verified", "Application data"], buttons.Keys);
    }

    /// <summary>The dfilter_buttons UAT: "TRUE","label","expression","comment" with \" inside a field.</summary>
    private Dictionary<string, string> Buttons()
    {
        var buttons = new Dictionary<string, string>();
        foreach (string line in File.ReadAllLines(RepoFiles.Path("wireshark", "profiles", "TlsExtcap", "dfilter_buttons")))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var match = ButtonLine().Match(line);
            Assert.True(match.Success, line);
            string Field(int i) => match.Groups[i].Value.Replace("\\\"", "\"", StringComparison.Ordinal);
            Assert.NotEmpty(Field(4));
            buttons.Add(Field(2), Field(3));
        }

        return buttons;
    }

    [GeneratedRegex(@"^""(TRUE)"",""((?:[^""\\]|\\.)+)"",""((?:[^""\\]|\\.)+)"",""((?:[^""\\]|\\.)*)""$")]
    private static partial Regex ButtonLine();
}
