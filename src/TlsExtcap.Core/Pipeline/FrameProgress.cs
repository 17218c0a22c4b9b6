namespace TlsExtcap.Core.Pipeline;

/// <summary>
/// How far each of several workers has got through the frames handed to it, for a TLS ≤ 1.2 session-cache miss
/// (<see cref="Tls.Session.SessionCache.WaitForEarlierFrames"/>): the waiting worker goes on once every other one
/// has processed each of its frames before the waiter's. Per worker it keeps the first frame of every batch
/// handed over and not processed yet, and the frame it is at. Cannot deadlock: of two workers waiting, the one
/// at the earlier frame is not waited for by the other, and the frames waited for are all handed over.
/// Used by <see cref="ParallelCaptureProcessor"/> and the extcap's parallel session.
/// </summary>
internal sealed class FrameProgress
{
    [ThreadStatic]
    private static int t_worker;

    private readonly object _gate = new();
    private readonly Queue<long>[] _batchStarts;
    private readonly long[] _current;

    public FrameProgress(int workers)
    {
        _batchStarts = new Queue<long>[workers];
        for (int i = 0; i < workers; i++)
        {
            _batchStarts[i] = new Queue<long>();
        }

        _current = new long[workers];
    }

    /// <summary>Called once on a worker's thread, before it processes anything: the waits it makes are its own.</summary>
    public static void EnterWorker(int worker) => t_worker = worker + 1;

    /// <summary>A batch starting at <paramref name="firstFrame"/> is handed to <paramref name="worker"/> (before it can take it).</summary>
    public void Handed(int worker, long firstFrame)
    {
        lock (_gate)
        {
            _batchStarts[worker].Enqueue(firstFrame);
        }
    }

    /// <summary>The worker begins <paramref name="frame"/>.</summary>
    public void At(int worker, long frame) => Volatile.Write(ref _current[worker], frame);

    /// <summary>The worker processed its oldest batch handed over: waiters look again.</summary>
    public void BatchDone(int worker)
    {
        lock (_gate)
        {
            _batchStarts[worker].Dequeue();
            Volatile.Write(ref _current[worker], 0);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Returns once every other worker has processed each of its frames before <paramref name="frame"/>; <paramref name="waiting"/> runs at each look that finds one still behind.</summary>
    public void WaitForEarlierFrames(long frame, Action? waiting = null)
    {
        int self = t_worker - 1;
        lock (_gate)
        {
            while (!AllPast(self, frame))
            {
                waiting?.Invoke();
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(1));
            }
        }
    }

    /// <summary>Under the gate: whether every worker but <paramref name="self"/> has nothing left before <paramref name="frame"/>.</summary>
    private bool AllPast(int self, long frame)
    {
        for (int i = 0; i < _batchStarts.Length; i++)
        {
            if (i != self && _batchStarts[i].Count > 0 && Math.Max(_batchStarts[i].Peek(), Volatile.Read(ref _current[i])) < frame)
            {
                return false;
            }
        }

        return true;
    }
}
