namespace TlsExtcap.Core.Threading;

/// <summary>
/// A small bounded queue between two threads whose waits block at once, without spinning first: on a
/// two-core machine a spinning waiter takes the core from the thread it waits for (BlockingCollection's
/// semaphore spins, and showed up in the profile as a fifth of the read-ahead thread's time).
/// </summary>
internal sealed class HandOffQueue<T>(int capacity)
{
    private readonly Queue<T> _items = new(capacity);
    private readonly object _gate = new();
    private bool _completed;
    private bool _cancelled;

    /// <summary>Adds an item, waiting while the queue is full; false once cancelled.</summary>
    public bool Add(T item)
    {
        lock (_gate)
        {
            while (_items.Count >= capacity && !_cancelled)
            {
                Monitor.Wait(_gate);
            }

            if (_cancelled)
            {
                return false;
            }

            _items.Enqueue(item);
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Adds an item whatever the capacity (an end marker or an error after the last item).</summary>
    public void AddLast(T item)
    {
        lock (_gate)
        {
            _items.Enqueue(item);
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

    /// <summary>Wakes every waiter; later calls return at once.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _cancelled = true;
            Monitor.PulseAll(_gate);
        }
    }
}
