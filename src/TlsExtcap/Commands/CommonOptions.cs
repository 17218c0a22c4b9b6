using System.CommandLine;

namespace TlsExtcap.Commands;

/// <summary>Options shared by the offline commands.</summary>
internal static class CommonOptions
{
    public static Argument<FileInfo> Capture() => new("capture")
    {
        Description = "pcap or pcapng file (gzip-compressed files are read too)",
    };

    public static Option<string[]> KeyLog() => new("--keylog", "-k")
    {
        Description = "NSS key log file (SSLKEYLOGFILE); repeat for several",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string[]> RsaKey() => new("--rsa-key")
    {
        Description = "server RSA private key (PEM PKCS#1/PKCS#8, DER, PKCS#12) as <file>[:<password>]; repeatable",
    };

    public static Option<string[]> Psk() => new("--psk")
    {
        Description = "pre-shared key in hex for TLS-PSK cipher suites; repeatable",
    };

    public static Option<string?> LogLevel() => new("--log-level")
    {
        Description = "error, warning (default), info or debug; logs go to stderr",
        Recursive = true,
    };

    public static Option<string?> LogFile() => new("--log-file")
    {
        Description = "write logs to this file instead of stderr",
        Recursive = true,
    };
}
