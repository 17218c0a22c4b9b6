using System.IO.Pipes;

namespace TlsExtcap.Extcap;

/// <summary>
/// Opens the stream Wireshark reads: a FIFO on Linux and macOS, a named pipe (<c>\\.\pipe\...</c>) on
/// Windows (interfaces notes §2.7). The only place that knows the difference. The Windows path is
/// untested here.
/// </summary>
internal static class FifoOutput
{
    private const string PipePrefix = @"\\.\pipe\";

    public static Stream Open(string path)
    {
        if (OperatingSystem.IsWindows() && path.StartsWith(PipePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var pipe = new NamedPipeClientStream(".", path[PipePrefix.Length..], PipeDirection.Out);
            pipe.Connect(30_000);
            return pipe;
        }

        // Opening a FIFO for writing blocks until dumpcap opens it for reading (immediately in practice).
        return new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
    }

    /// <summary>Pitfall 1: after an error, open and close the FIFO so dumpcap does not wait forever.</summary>
    public static void OpenAndClose(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            using var stream = Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException)
        {
            // Nothing more can be done: the error is already on stderr.
        }
    }
}
