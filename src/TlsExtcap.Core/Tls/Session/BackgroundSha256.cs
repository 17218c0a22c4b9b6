using System.Collections.Concurrent;
using System.Security.Cryptography;
using TlsExtcap.Core.Threading;

namespace TlsExtcap.Core.Tls.Session;

/// <summary>
/// SHA-256 of a stream of application data, computed on a background thread so that hashing (as costly as
/// the AES-GCM decryption it follows) runs on another core. Appended bytes are copied into 256 KiB chunks
/// that go, in order, to one hashing thread; hashers are dealt round-robin, as their first chunk fills, to as
/// many hashing threads as there are cores (at most four), so that the large streams of several connections
/// are hashed side by side (the small ones, such as most requests, are not counted) while each stream stays on
/// one thread, in order. Memory is bounded by the threads' queues (16 chunks each).
/// <see cref="Finish"/> waits for this hasher's chunks and returns the digest.
/// </summary>
internal sealed class BackgroundSha256
{
    private const int ChunkSize = 256 * 1024;

    private static readonly HashWorker[] Workers = Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 1, 4)).Select(i => new HashWorker(i)).ToArray();

    /// <summary>Chunks are taken on the capture thread and given back on the workers: a pool of its own (ArrayPool caches per thread).</summary>
    private static readonly ConcurrentQueue<byte[]> Free = new();
    private static int s_next = -1;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private HashWorker? _worker;
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
        using var done = new ManualResetEventSlim(false, spinCount: 0);
        Worker.Enqueue(new Work(this, null, 0, done));
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

        Worker.Enqueue(new Work(this, _chunk, _used, null));
        _chunk = null;
        _used = 0;
    }

    /// <summary>This stream's hashing thread, chosen when its first chunk goes out.</summary>
    private HashWorker Worker => _worker ??= Workers[(int)((uint)Interlocked.Increment(ref s_next) % (uint)Workers.Length)];

    private readonly record struct Work(BackgroundSha256 Owner, byte[]? Chunk, int Length, ManualResetEventSlim? Done);

    /// <summary>One hashing thread, started on first use, and its queue.</summary>
    private sealed class HashWorker
    {
        private readonly HandOffQueue<Work> _queue = new(16);
        private readonly Lazy<Thread> _thread;

        public HashWorker(int index)
        {
            _thread = new Lazy<Thread>(() =>
            {
                var thread = new Thread(Run) { IsBackground = true, Name = index == 0 ? "sha256" : $"sha256-{index}" };
                thread.Start();
                return thread;
            });
        }

        public void Enqueue(Work work)
        {
            _ = _thread.Value;
            _queue.Add(work);
        }

        private void Run()
        {
            while (_queue.TryTake(out var work))
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
        }
    }
}
