namespace TlsExtcap.Core.Threading;

/// <summary>
/// A small bounded queue between two threads whose waits block at once, without spinning first: on a
/// two-core machine a spinning waiter takes the core from the thread it waits for (BlockingCollection's
/// semaphore and Task.Wait spin, and showed up in the profiles of the read-ahead thread and of the live
/// path). <see cref="Complete"/> ends it for the taker once it is empty; <see cref="Cancel"/> ends both sides at once.
/// </summary>
internal sealed class HandOffQueue<T>(int capacity)
{
    private readonly Queue<T> _items = new(Math.Min(capacity, 1024));
    private readonly object _gate = new();
    private bool _completed;
    private bool _cancelled;

    /// <summary>True once <see cref="Complete"/> was called and every item was taken.</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_gate)
            {
                return _completed && _items.Count == 0;
            }
        }
    }

    /// <summary>Adds an item, waiting while the queue is full; false once cancelled.</summary>
    public bool Add(T item) => Add(item, CancellationToken.None);

    /// <summary>Adds an item, waiting while the queue is full; false once cancelled, or when <paramref name="cancellationToken"/> is.</summary>
    public bool Add(T item, CancellationToken cancellationToken)
    {
        using var wake = cancellationToken.CanBeCanceled ? cancellationToken.Register(Wake) : default;
        lock (_gate)
        {
            while (_items.Count >= capacity && !_cancelled && !cancellationToken.IsCancellationRequested)
            {
                Monitor.Wait(_gate);
            }

            if (_cancelled || (_items.Count >= capacity && cancellationToken.IsCancellationRequested))
            {
                return false;
            }

            EnqueueLocked(item);
            return true;
        }
    }

    /// <summary>Items queued now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Adds an item, waiting at most <paramref name="timeout"/> for room; false when there was none (or cancelled).</summary>
    public bool TryAdd(T item, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_items.Count >= capacity && !_cancelled && timeout > TimeSpan.Zero)
            {
                Monitor.Wait(_gate, timeout);
            }

            if (_items.Count >= capacity || _cancelled)
            {
                return false;
            }

            EnqueueLocked(item);
            return true;
        }
    }

    /// <summary>Adds an item if there is room now; false otherwise.</summary>
    public bool TryAdd(T item) => TryAdd(item, TimeSpan.Zero);

    /// <summary>Adds an item whatever the capacity (an end marker, an error after the last item, or the last batch of a stop).</summary>
    public void AddLast(T item)
    {
        lock (_gate)
        {
            _completed = true;
            EnqueueLocked(item);
        }
    }

    /// <summary>No more items will come: the taker sees the end once it has taken what is queued.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Takes the next item, waiting while the queue is empty; false when it is empty and completed, or cancelled.</summary>
    public bool TryTake(out T item)
    {
        lock (_gate)
        {
            while (_items.Count == 0 && !_completed && !_cancelled)
            {
                Monitor.Wait(_gate);
            }

            return TakeLocked(out item);
        }
    }

    /// <summary>Takes the next item if one is queued now.</summary>
    public bool TryTakeNow(out T item)
    {
        lock (_gate)
        {
            return TakeLocked(out item);
        }
    }

    /// <summary>
    /// Waits until an item is queued, the queue is completed or cancelled, <see cref="Wake"/> is called, or
    /// <paramref name="timeout"/> passes; true when an item is queued.
    /// </summary>
    public bool WaitForItem(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_items.Count == 0 && !_completed && !_cancelled)
            {
                Monitor.Wait(_gate, timeout);
            }

            return _items.Count > 0;
        }
    }

    /// <summary>Wakes every waiter (a stop was asked for) without ending the queue.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Wakes every waiter; later calls return at once.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _cancelled = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void EnqueueLocked(T item)
    {
        _items.Enqueue(item);
        Monitor.PulseAll(_gate);
    }

    private bool TakeLocked(out T item)
    {
        if (_cancelled || _items.Count == 0)
        {
            item = default!;
            return false;
        }

        item = _items.Dequeue();
        Monitor.PulseAll(_gate);
        return true;
    }
}
