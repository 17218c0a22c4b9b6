using System.Diagnostics;

namespace TlsExtcap.KeyInject.Tests.Support;

/// <summary>
/// Stands in for a second running capture: a shell that creates <c>capture-&lt;its pid&gt;.keys</c> in the
/// folder and holds it open for reading, as the extcap does, until disposed. It never reads, so what is
/// written to it stays in the pipe.
/// </summary>
internal sealed class OtherCapture : IDisposable
{
    private readonly Process _process;

    public OtherCapture(string folder)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "-c", "f=\"$1/capture-$$.keys\"; mkfifo -m 600 \"$f\" && exec 3<>\"$f\" && echo ready && exec sleep 120", "sh", folder })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        string? line = _process.StandardOutput.ReadLine();
        Assert.True(line == "ready", "the stand-in capture did not start");
        ProcessId = _process.Id;
        Path = System.IO.Path.Combine(folder, $"capture-{ProcessId}.keys");
    }

    public int ProcessId { get; }

    public string Path { get; }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        File.Delete(Path);
    }
}
