using System.Runtime.ExceptionServices;
using TlsExtcap.Core.Threading;

namespace TlsExtcap.Output;

/// <summary>
/// Writes on a thread of its own, so that the write calls (the kernel's copy into the page cache or a pipe)
/// overlap the decryption of what comes next. <see cref="WriteBehindStream"/>s hand it full buffers; it
/// writes them in the order given, so each stream's bytes stay in order. At most a few buffers wait (the
/// decrypting thread waits beyond that), so memory stays bounded however fast the input is. The first
/// failed write or close is kept (<see cref="Failure"/>) and every later write to that stream is dropped.
/// </summary>
internal sealed class WriteBehind : IDisposable
{
    private readonly HandOffQueue<Work> _queue;
    private readonly Stack<byte[]> _free = new();
    private readonly object _freeGate = new();
    private readonly Thread _thread;
    private volatile WriteFailure? _failure;
    private bool _disposed;

    /// <param name="bufferSize">Bytes per buffer (per write call).</param>
    /// <param name="inFlight">Buffers waiting to be written before a writer waits.</param>
    public WriteBehind(int bufferSize, int inFlight = 8)
    {
        BufferSize = bufferSize;
        _queue = new HandOffQueue<Work>(inFlight);
        _thread = new Thread(Run) { IsBackground = true, Name = "write-behind" };
        _thread.Start();
    }

    public int BufferSize { get; }

    /// <summary>The first write or close that failed, with the stream it failed on; null while all went well.</summary>
    public WriteFailure? Failure => _failure;

    /// <summary>Waits until everything handed over so far is written (or failed).</summary>
    public void Drain()
    {
        using var done = new ManualResetEventSlim(false, spinCount: 0);
        _queue.Add(new Work(null, null, 0, false, done));
        done.Wait();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.AddLast(default);
        _thread.Join();
    }

    internal byte[] Rent()
    {
        lock (_freeGate)
        {
            if (_free.Count > 0)
            {
                return _free.Pop();
            }
        }

        return new byte[BufferSize];
    }

    /// <summary>Hands a buffer over; <paramref name="close"/> disposes the stream after it (also with no buffer).</summary>
    internal void Write(WriteBehindStream stream, byte[]? buffer, int length, bool close) =>
        _queue.Add(new Work(stream, buffer, length, close, null));

    private void Return(byte[] buffer)
    {
        lock (_freeGate)
        {
            if (_free.Count < 32)
            {
                _free.Push(buffer);
            }
        }
    }

    private void Run()
    {
        while (_queue.TryTake(out var work))
        {
            if (work.Stream is null && work.Done is null)
            {
                // The end marker of Dispose.
                return;
            }

            if (work.Stream is { } stream)
            {
                if (work.Buffer is { } buffer)
                {
                    if (stream.Failed is null)
                    {
                        try
                        {
                            stream.Inner.Write(buffer, 0, work.Length);
                        }
                        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
                        {
                            Fail(stream, ex);
                        }
                    }

                    Return(buffer);
                }

                if (work.Close)
                {
                    try
                    {
                        stream.Inner.Dispose();
                    }
                    catch (IOException ex)
                    {
                        if (stream.Failed is null)
                        {
                            Fail(stream, ex);
                        }
                    }
                }
            }

            work.Done?.Set();
        }
    }

    private void Fail(WriteBehindStream stream, Exception ex)
    {
        stream.Failed = ExceptionDispatchInfo.Capture(ex);
        _failure ??= new WriteFailure(stream.Name, ex);
    }

    private readonly record struct Work(WriteBehindStream? Stream, byte[]? Buffer, int Length, bool Close, ManualResetEventSlim? Done);
}
