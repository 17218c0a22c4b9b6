using System.Collections.Concurrent;

namespace TlsExtcap.Core.Tls.Session;

/// <summary>
/// Master secrets of completed TLS ≤ 1.2 handshakes, by session ID and by ticket, so that an
/// abbreviated handshake (RFC 5246 §7.3, RFC 5077 §3.1) decrypts when the key log only holds the
/// original connection's secret. Bounded: the oldest entries go first.
/// </summary>
public sealed class SessionCache
{
    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<string, byte[]> _secrets = new();
    private readonly ConcurrentQueue<string> _order = new();

    public void Add(ReadOnlySpan<byte> sessionIdOrTicket, bool isTicket, byte[] masterSecret)
    {
        if (sessionIdOrTicket.IsEmpty)
        {
            return;
        }

        string key = Key(sessionIdOrTicket, isTicket);
        if (_secrets.TryAdd(key, masterSecret))
        {
            _order.Enqueue(key);
            while (_secrets.Count > MaxEntries && _order.TryDequeue(out var oldest))
            {
                _secrets.TryRemove(oldest, out _);
            }
        }
    }

    /// <summary>
    /// Set when several processors share the cache (<see cref="Pipeline.ParallelCaptureProcessor"/>): called
    /// with the frame being processed after a lookup missed, it returns once every frame before it has been
    /// processed, so that a session cached by an earlier connection on another thread is there, as it would
    /// be in a run on one thread.
    /// </summary>
    public Action<long>? WaitForEarlierFrames { get; set; }

    public bool TryGet(ReadOnlySpan<byte> sessionIdOrTicket, bool isTicket, out byte[]? masterSecret)
    {
        masterSecret = null;
        return !sessionIdOrTicket.IsEmpty && _secrets.TryGetValue(Key(sessionIdOrTicket, isTicket), out masterSecret);
    }

    private static string Key(ReadOnlySpan<byte> value, bool isTicket) => (isTicket ? "t:" : "s:") + Convert.ToHexString(value);
}
