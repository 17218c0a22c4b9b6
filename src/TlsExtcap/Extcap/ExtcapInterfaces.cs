namespace TlsExtcap.Extcap;

/// <summary>The interfaces this extcap offers and their option names (one place for every call).</summary>
internal static class ExtcapInterfaces
{
    public const string Replay = "tls-replay";
    public const string Live = "tls-live";

    public const string File = "--file";
    public const string KeyLog = "--keylog";
    public const string KeyLogOut = "--keylog-out";
    public const string RsaKey = "--rsa-key";
    public const string Mode = "--mode";
    public const string Pace = "--pace";
    public const string KeyWait = "--key-wait";
    public const string CaptureInterface = "--interface";
    public const string Annotate = "--annotate";
    public const string LogLevel = "--log-level";
    public const string LogFile = "--log-file";

    /// <summary>Default seconds a connection's frames are held back waiting for its keys.</summary>
    public const double DefaultKeyWait = 3;

    /// <summary>Toolbar control numbers (interfaces notes §2.9).</summary>
    public const int StatusControl = 0;
    public const int ReloadControl = 1;
    public const int LogControl = 2;

    /// <summary>--annotate value → mode; anything unknown is the default (handshake).</summary>
    public static AnnotationMode ParseAnnotate(string? value) => value switch
    {
        "none" => AnnotationMode.None,
        "all" => AnnotationMode.All,
        _ => AnnotationMode.Handshake,
    };

    public static bool IsKnown(string? name) => name is Replay or Live;
}
