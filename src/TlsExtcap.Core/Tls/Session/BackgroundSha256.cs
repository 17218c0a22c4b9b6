using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace TlsExtcap.Core.Tls.Session;

/// <summary>
/// SHA-256 of a stream of application data, computed on a background thread so that hashing (as costly as
/// the AES-GCM decryption it follows) runs on the second core. Appended bytes are copied into 256 KiB
/// chunks; the chunks of all hashers go, in order, to one worker thread. Memory is bounded by the worker's
/// queue (16 chunks). <see cref="Finish"/> waits for this hasher's chunks and returns the digest.
/// </summary>
internal sealed class BackgroundSha256
{
    private const int ChunkSize = 256 * 1024;

    private static readonly BlockingCollection<Work> Queue = new(boundedCapacity: 16);

    /// <summary>Chunks are taken on the capture thread and given back on the worker: a pool of its own (ArrayPool caches per thread).</summary>
    private static readonly ConcurrentQueue<byte[]> Free = new();
    private static readonly Lazy<Thread> Worker = new(StartWorker);

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _chunk;
    private int _used;
    private byte[]? _digest;

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            _chunk ??= Free.TryDequeue(out var reused) ? reused : new byte[ChunkSize];
            int take = Math.Min(data.Length, ChunkSize - _used);
            data[..take].CopyTo(_chunk.AsSpan(_used));
            _used += take;
            data = data[take..];
            if (_used == ChunkSize)
            {
                Submit();
            }
        }
    }

    /// <summary>Waits for every appended byte to be hashed and returns the digest (once; later calls return it again).</summary>
    public byte[] Finish()
    {
        if (_digest is not null)
        {
            return _digest;
        }

        Submit();
        using var done = new ManualResetEventSlim();
        Enqueue(new Work(this, null, 0, done));
        done.Wait();
        _digest = _hash.GetHashAndReset();
        _hash.Dispose();
        return _digest;
    }

    private void Submit()
    {
        if (_chunk is null || _used == 0)
        {
            return;
        }

        Enqueue(new Work(this, _chunk, _used, null));
        _chunk = null;
        _used = 0;
    }

    private static void Enqueue(Work work)
    {
        _ = Worker.Value;
        Queue.Add(work);
    }

    private static Thread StartWorker()
    {
        var thread = new Thread(() =>
        {
            foreach (var work in Queue.GetConsumingEnumerable())
            {
                if (work.Chunk is { } chunk)
                {
                    work.Owner._hash.AppendData(chunk.AsSpan(0, work.Length));
                    if (Free.Count < 32)
                    {
                        // Reused, and so overwritten, by the next chunk: not cleared here, on the thread that
                        // bounds a large connection's summary (clearing cost as much as a fifth of the hashing).
                        Free.Enqueue(chunk);
                    }
                    else
                    {
                        // Decrypted application data in a buffer left to the collector: cleared first.
                        chunk.AsSpan(0, work.Length).Clear();
                    }
                }

                work.Done?.Set();
            }
        })
        {
            IsBackground = true,
            Name = "sha256",
        };
        thread.Start();
        return thread;
    }

    private readonly record struct Work(BackgroundSha256 Owner, byte[]? Chunk, int Length, ManualResetEventSlim? Done);
}
