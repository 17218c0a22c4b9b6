using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Serilog;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Threading;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Core.Pipeline;

/// <summary>
/// A capture through several <see cref="CaptureProcessor"/>s at once, one per worker thread, for the offline
/// reports: the reading thread sends every packet of a flow (its address and port pair, both directions) to
/// the same worker, so each worker sees its flows whole and in order and decides about them exactly as one
/// processor would. What crosses flows is shared: the key store (thread-safe), and the TLS ≤ 1.2 session cache,
/// whose misses wait until every earlier frame has been processed (<see cref="SessionCache.WaitForEarlierFrames"/>),
/// so a resumed session finds what a run on one thread would find. At <see cref="Finish"/> the connections are
/// numbered by first frame, as one processor numbers them. Frames go to the workers in pooled 1 MiB slabs.
/// </summary>
public sealed class ParallelCaptureProcessor : IDisposable
{
    private const int SlabBytes = 1 << 20;
    private const int BatchFrames = 512;

    /// <summary>Batches queued per worker: with the one being filled and the one being processed, this bounds the slabs in use.</summary>
    private const int QueueDepth = 4;

    private readonly Worker[] _workers;
    private readonly SessionCache _sessions = new();
    private readonly ConcurrentQueue<byte[]> _slabs = new();
    private readonly ILogger _log;

    private readonly FrameProgress _progress;
    private volatile bool _flushRequested;
    private IReadOnlyList<TlsConnection>? _connections;
    private bool _started;

    public ParallelCaptureProcessor(KeyStore keys, int workers, TlsEngineOptions? options = null, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Keys = keys;
        _log = logger ?? Serilog.Core.Logger.None;
        _progress = new FrameProgress(workers);
        // A worker waiting may wait for frames still being gathered here: it asks for them to be handed out.
        _sessions.WaitForEarlierFrames = frame => _progress.WaitForEarlierFrames(frame, () => _flushRequested = true);
        _workers = new Worker[workers];
        for (int i = 0; i < workers; i++)
        {
            _workers[i] = new Worker(this, i, new CaptureProcessor(keys, null, options, logger) { Sessions = _sessions });
        }
    }

    public KeyStore Keys { get; }

    /// <summary>Packets read so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Key-log lines read from Decryption Secrets Blocks (the reading thread adds them through the first worker's processor).</summary>
    public int SecretsFromCapture => _workers[0].Processor.SecretsFromCapture;

    /// <summary>Every TLS/DTLS connection, in order of first frame; after <see cref="Finish"/>.</summary>
    public IReadOnlyList<TlsConnection> Connections => _connections ?? throw new InvalidOperationException("Finish the capture first.");

    /// <summary>Reads every record of <paramref name="reader"/> and waits for the workers to process them.</summary>
    /// <exception cref="CaptureFormatException">The capture is damaged: what was read before is processed.</exception>
    public void Process(CaptureReader reader, CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("A parallel processor reads one capture.");
        }

        _started = true;
        foreach (var worker in _workers)
        {
            worker.Start();
        }

        try
        {
            while (reader.TryRead(out var record))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_flushRequested)
                {
                    TryPublishAll();
                }

                if (record.Kind == CaptureRecordKind.DecryptionSecrets)
                {
                    // Keys are shared and thread-safe: added now, every worker sees them from here on.
                    _workers[0].Processor.AddDecryptionSecrets(record.SecretsType, record.Data.Span);
                    continue;
                }

                Frames++;
                Dispatch(record);
            }
        }
        finally
        {
            foreach (var worker in _workers)
            {
                Publish(worker);
            }

            foreach (var worker in _workers)
            {
                worker.Complete();
            }

            foreach (var worker in _workers)
            {
                worker.Join();
            }
        }

        foreach (var worker in _workers)
        {
            if (worker.Failure is { } failure)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }
    }

    /// <summary>Ends the capture on every worker, then numbers the connections by first frame.</summary>
    public void Finish()
    {
        foreach (var worker in _workers)
        {
            worker.Processor.Finish(Frames);
        }

        var all = _workers.SelectMany(w => w.Processor.AllConnections).OrderBy(c => c.FirstFrame).ThenBy(c => c.Id).ToList();
        for (int i = 0; i < all.Count; i++)
        {
            all[i].Id = i + 1;
        }

        _connections = all.Where(c => c.IsTls).ToList();
    }

    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Complete();
            worker.Join();
            worker.Processor.Dispose();
        }
    }

    /// <summary>The worker of a packet's flow: both directions of an address and port pair go to the same one.</summary>
    private Worker WorkerFor(in CaptureRecord record)
    {
        if (_workers.Length == 1 || !PacketDecoder.TryDecode(record.LinkType, record.Data.Span, out var packet))
        {
            return _workers[0];
        }

        return _workers[WorkerOf(packet.Source, packet.Destination, packet.Protocol, _workers.Length)];
    }

    /// <summary>
    /// The worker of a flow, the same for both directions and in every run (a hash of its own, not the
    /// per-process seeded <see cref="object.GetHashCode"/>): a rerun splits the connections the same way.
    /// </summary>
    internal static int WorkerOf(IpEndpoint a, IpEndpoint b, TransportProtocol protocol, int workers)
    {
        static ulong Of(IpEndpoint e) => (e.Address.StableHash() ^ e.Port) * 0xBF58476D1CE4E5B9UL;

        // Commutative, then mixed (the finalizer of splitmix64).
        ulong x = Of(a) + Of(b) + (ulong)protocol;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x % (ulong)workers);
    }

    private void Dispatch(in CaptureRecord record)
    {
        var worker = WorkerFor(record);
        int length = record.Data.Length;
        byte[] data;
        int offset;
        if (length > SlabBytes / 4)
        {
            // A frame that large gets an array of its own.
            data = record.Data.ToArray();
            offset = 0;
        }
        else
        {
            if (worker.Slab is not null && worker.SlabUsed + length > worker.Slab.Length)
            {
                Publish(worker);
            }

            worker.Slab ??= _slabs.TryDequeue(out var reused) ? reused : new byte[SlabBytes];
            data = worker.Slab;
            offset = worker.SlabUsed;
            record.Data.Span.CopyTo(data.AsSpan(offset));
            worker.SlabUsed += length;
        }

        if (worker.Pending.Count == 0)
        {
            _progress.Handed(worker.Index, record.FrameNumber);
        }

        worker.Pending.Add(new QueuedFrame(record.FrameNumber, record.LinkType, data, offset, length));
        if (worker.Pending.Count >= BatchFrames)
        {
            Publish(worker);
        }
    }

    /// <summary>Hands the worker its pending batch, waiting for room; while waiting, other workers' batches go out too.</summary>
    private void Publish(Worker worker)
    {
        if (worker.Pending.Count == 0)
        {
            return;
        }

        var batch = worker.TakeBatch();
        while (!worker.TryAdd(batch, TimeSpan.FromMilliseconds(1)))
        {
            // This worker may be waiting for another's frames (a session-cache miss): never block on it alone.
            TryPublishAll();
        }
    }

    /// <summary>Hands every worker its pending batch where its queue has room (a waiter asked for them).</summary>
    private void TryPublishAll()
    {
        bool all = true;
        foreach (var worker in _workers)
        {
            if (worker.Pending.Count == 0)
            {
                continue;
            }

            if (!worker.HasRoom)
            {
                all = false;
                continue;
            }

            // Only this thread adds: with room now, the add cannot wait.
            var batch = worker.TakeBatch();
            while (!worker.TryAdd(batch, TimeSpan.FromMilliseconds(1)))
            {
            }
        }

        if (all)
        {
            _flushRequested = false;
        }
    }

    private void ReturnSlab(byte[] slab)
    {
        if (_slabs.Count < (QueueDepth + 2) * _workers.Length)
        {
            _slabs.Enqueue(slab);
        }
    }

    /// <summary>One packet in a batch: its bytes are <c>Data[Offset..Offset+Length]</c>.</summary>
    private readonly record struct QueuedFrame(long Number, LinkType LinkType, byte[] Data, int Offset, int Length);

    /// <summary>Frames handed to a worker together, and the slab they lie in (returned once they are processed).</summary>
    private sealed record Batch(QueuedFrame[] Frames, byte[]? Slab);

    private sealed class Worker(ParallelCaptureProcessor owner, int index, CaptureProcessor processor)
    {
        /// <summary>Waits block at once: a spinning wait took the core from the thread waited for.</summary>
        private readonly HandOffQueue<Batch> _queue = new(QueueDepth);
        private Thread? _thread;

        public int Index { get; } = index;

        public CaptureProcessor Processor { get; } = processor;

        public List<QueuedFrame> Pending { get; } = new(BatchFrames);

        public byte[]? Slab { get; set; }

        public int SlabUsed { get; set; }

        public Exception? Failure { get; private set; }

        public bool HasRoom => _queue.Count < QueueDepth;

        public void Start()
        {
            _thread = new Thread(Run) { Name = "tlsextcap-worker", IsBackground = true };
            _thread.Start();
        }

        public Batch TakeBatch()
        {
            var batch = new Batch([.. Pending], Slab);
            Pending.Clear();
            Slab = null;
            SlabUsed = 0;
            return batch;
        }

        public bool TryAdd(Batch batch, TimeSpan timeout) => _queue.TryAdd(batch, timeout);

        public void Complete() => _queue.Complete();

        public void Join() => _thread?.Join();

        private void Run()
        {
            FrameProgress.EnterWorker(Index);
            while (_queue.TryTake(out var batch))
            {
                if (Failure is null)
                {
                    try
                    {
                        foreach (var frame in batch.Frames)
                        {
                            owner._progress.At(Index, frame.Number);
                            Processor.ProcessPacket(frame.LinkType, frame.Data.AsSpan(frame.Offset, frame.Length), frame.Number);
                        }
                    }
                    catch (Exception ex)
                    {
                        // A bug of ours: kept, rethrown on the reading thread once all are done; the queue still drains.
                        Failure = ex;
                        owner._log.Error("A worker failed: {Error}", ex.GetType().Name);
                    }
                }

                owner._progress.BatchDone(Index);

                if (batch.Slab is not null)
                {
                    owner.ReturnSlab(batch.Slab);
                }
            }
        }
    }
}
