namespace TlsExtcap.Extcap;

/// <summary>The Wireshark version from <c>--extcap-version=MAJOR.MINOR</c> (absent: assume 4.0).</summary>
internal readonly record struct ExtcapVersion(int Major, int Minor) : IComparable<ExtcapVersion>
{
    public static readonly ExtcapVersion Default = new(4, 0);

    /// <summary>First release whose parser knows <c>editselector</c> (extcap_parser.c after 4.0).</summary>
    public static readonly ExtcapVersion EditSelector = new(4, 2);

    public static ExtcapVersion Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        string[] parts = text.Split('.');
        return int.TryParse(parts[0], out int major)
            ? new ExtcapVersion(major, parts.Length > 1 && int.TryParse(parts[1], out int minor) ? minor : 0)
            : Default;
    }

    public int CompareTo(ExtcapVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator >=(ExtcapVersion a, ExtcapVersion b) => a.CompareTo(b) >= 0;

    public static bool operator <=(ExtcapVersion a, ExtcapVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >(ExtcapVersion a, ExtcapVersion b) => a.CompareTo(b) > 0;

    public static bool operator <(ExtcapVersion a, ExtcapVersion b) => a.CompareTo(b) < 0;
}
