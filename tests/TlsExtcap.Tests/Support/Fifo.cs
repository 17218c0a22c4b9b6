using System.Diagnostics;

namespace TlsExtcap.Tests.Support;

/// <summary>A named pipe in a temporary folder and dumpcap's side of it: a reader that keeps every byte until the writer closes.</summary>
internal sealed class Fifo : IDisposable
{
    private readonly string _folder;

    public Fifo()
    {
        _folder = Directory.CreateTempSubdirectory("tlsextcap-fifo-").FullName;
        Path = System.IO.Path.Combine(_folder, "fifo");
        using var mkfifo = Process.Start("mkfifo", Path);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        Reader = Task.Run(() =>
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    public string Path { get; }

    /// <summary>Everything written to the FIFO, once the writer closed it.</summary>
    public Task<byte[]> Reader { get; }

    public byte[] Received(TimeSpan timeout)
    {
        Assert.True(Reader.Wait(timeout), "the FIFO was never closed by its writer");
        return Reader.Result;
    }

    public void Dispose()
    {
        if (!Reader.IsCompleted)
        {
            // Unblock a reader still waiting for a writer.
            try
            {
                using var unblock = new FileStream(Path, FileMode.Open, FileAccess.Write);
            }
            catch (IOException)
            {
            }
        }

        Directory.Delete(_folder, recursive: true);
    }
}
