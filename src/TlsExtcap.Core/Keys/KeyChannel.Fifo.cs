namespace TlsExtcap.Core.Keys;

/// <summary>The Linux FIFO: one reader thread, woken by a byte of our own at <see cref="Dispose"/>.</summary>
public sealed partial class KeyChannel
{
    private FileStream? _fifo;
    private FileStream? _wake;
    private Thread? _reader;

    private void StartFifoReader()
    {
        // fifo(7): on Linux opening a FIFO for reading and writing succeeds at once, without a writer; as
        // long as we hold a write end, read(2) blocks for data and never reports end-of-file.
        _fifo = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        // A second write end for Dispose: closing a descriptor does not interrupt a read(2) blocked on it,
        // writing to the FIFO does.
        _wake = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        _reader = new Thread(ReadFifo) { IsBackground = true, Name = "key-channel" };
        _reader.Start();
    }

    private void StopFifoReader()
    {
        try
        {
            File.Delete(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning("Cannot remove the key channel {Path}: {Error}", Path, ex.Message);
        }

        try
        {
            _wake?.Write("\n"u8);
        }
        catch (IOException)
        {
            // The reader has stopped already.
        }

        if (_reader is not null && !_reader.Join(TimeSpan.FromSeconds(5)))
        {
            _log.Warning("The key channel reader did not stop");
        }

        _wake?.Dispose();
        _fifo?.Dispose();
    }

    private void ReadFifo()
    {
        var parser = new KeyLogStreamParser("key channel");
        byte[] buffer = new byte[ReadChunk];
        try
        {
            while (true)
            {
                int read = _fifo!.Read(buffer);
                if (IsDisposed)
                {
                    return;
                }

                if (read == 0)
                {
                    // Cannot happen while we hold a write end; stop rather than spin on it.
                    _log.Warning("Key channel {Path}: unexpected end of file, no more keys are read from it", Path);
                    return;
                }

                Deliver(parser, buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            if (!IsDisposed)
            {
                _log.Warning("Key channel {Path}: {Error}; no more keys are read from it", Path, ex.Message);
            }
        }
    }
}
