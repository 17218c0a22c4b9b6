using System.Diagnostics;
using Serilog;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Threading;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Limits;
using TlsExtcap.Output;

namespace TlsExtcap.Extcap;

/// <summary>
/// Runs one capture: packets from a source go through the core and out through an
/// <see cref="IFrameOutput"/>. A connection whose keys are not known when its ClientHello is seen is
/// held back — its frames queued, not yet decrypted — until its secrets arrive (key log appended,
/// keys pushed, toolbar reload), <see cref="KeyWait"/> expires, or it holds more than the held-back
/// limits allow (<see cref="CaptureLimits"/>); other connections keep flowing, and per connection the
/// frame order never changes. A connection over a core limit is annotated in its packet comments.
/// Key-log lines that arrive for a connection already released go to <c>--keylog-out</c> when given.
/// </summary>
internal sealed class CaptureSession : IDisposable
{
    private readonly CaptureProcessor _processor;
    private readonly FrameCommentSink _comments;
    private readonly AnnotationSink? _annotations;
    private readonly IFrameOutput _output;
    private readonly KeyStore _keys;
    private readonly IReadOnlyList<KeyLogFollower> _followers;
    private readonly ILogger _log;
    private readonly CaptureLimits _limits;
    private readonly KeyLogOutput? _keyLogOut;
    private readonly Dictionary<TlsConnection, Hold> _held = [];

    /// <summary>Held connections oldest first (entries of connections already released are skipped).</summary>
    private readonly Queue<TlsConnection> _holdOrder = new();
    private readonly HashSet<TlsConnection> _released = [];

    /// <summary>Connections whose first TLS frame went out, and whether they had their keys then (only with --keylog-out).</summary>
    private readonly HashSet<TlsConnection> _forwarded = [];
    /// <summary>Connections the core forgot during the current frame; cleaned up once it went out.</summary>
    private readonly List<TlsConnection> _forgotten = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _heldBytes;
    private long _lastKeyVersion = -1;
    private volatile bool _reloadRequested;
    private OutputException? _outputFailure;

    public CaptureSession(KeyStore keys, IReadOnlyList<KeyLogFollower> followers, IFrameOutput output, TimeSpan keyWait, ILogger log,
        CaptureLimits? limits = null, KeyLogOutput? keyLogOut = null, AnnotationMode annotate = AnnotationMode.None, DissectorRegistry? registry = null,
        SessionCache? sessions = null, Func<int>? connectionIds = null)
    {
        _keys = keys;
        _followers = followers;
        _output = output;
        _log = log;
        _limits = limits ?? CaptureLimits.Default;
        _keyLogOut = keyLogOut;
        KeyWait = keyWait;
        _comments = new FrameCommentSink(output.Sink);
        ITlsEventSink sink = _comments;
        if (annotate != AnnotationMode.None)
        {
            // The annotation trees ride in extra packet comments for the Lua companion (wireshark/README.md).
            _annotations = new AnnotationSink(registry ?? DissectorRegistry.CreateDefault(), _comments) { ApplicationData = annotate == AnnotationMode.All };
            sink = _annotations;
        }

        // A capture may run for days: closed connections are forgotten, so memory follows the open ones.
        _processor = new CaptureProcessor(keys, sink, _limits.ToEngineOptions(hashApplicationData: false), log)
        {
            RetainClosedConnections = false,
            // The lanes of a parallel session share the TLS ≤ 1.2 session cache and one numbering.
            Sessions = sessions ?? new SessionCache(),
            ConnectionIds = connectionIds,
        };
        _processor.ConnectionForgotten += connection => _forgotten.Add(connection);
    }

    public TimeSpan KeyWait { get; }

    /// <summary>The capture's key channel, where <c>tlsinject push</c> sends keys; null without one (shown in the status line).</summary>
    public string? KeyChannelPath { get; set; }

    public CaptureProcessor Processor => _processor;

    public int Waiting => _held.Count;

    /// <summary>Frames handed to the output so far.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Bytes of frames held back right now, all connections together.</summary>
    public long HeldBytes => _heldBytes;

    /// <summary>Connections released early because they went over a held-back budget.</summary>
    public int ReleasedOverHeldLimit { get; private set; }

    /// <summary>Reads the source to its end (or until cancelled), then waits out held connections.</summary>
    /// <exception cref="OutputException">The output could not be written; <see cref="FramesWritten"/> says how far it got.</exception>
    /// <param name="batch">
    /// Hand frames from the reading thread to the processing thread in batches (a file replayed as fast as
    /// possible: one handover per batch instead of per frame). Off for live and paced input, where a frame
    /// must not wait for the next one.
    /// </param>
    public void Run(CaptureReader reader, bool originalPace, CancellationToken cancellationToken, bool batch = false)
    {
        if (batch && !originalPace && reader.ReadsAhead)
        {
            RunDirect(reader, cancellationToken);
            return;
        }

        // Waits on both sides block at once (no spinning: it took the core from the other thread), and the
        // reading thread wakes the processing thread directly.
        var queue = new HandOffQueue<SourceBatch>(batch ? BatchesInFlight : 4096);
        using var stopProducer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var wakeOnStop = cancellationToken.Register(queue.Wake);
        var producer = Task.Run(() => Produce(reader, queue, originalPace, batch, stopProducer.Token), CancellationToken.None);
        long lastPoll = 0;
        byte[]? currentSlab = null;
        void Handle(in SourceBatch batchRead)
        {
            // The reader never goes back to a slab: once a batch lies in a new one, every frame of the
            // previous slab is out or detached (held), and it can carry later frames.
            if (batchRead.Slab is { } slab && !ReferenceEquals(slab, currentSlab))
            {
                if (currentSlab is not null)
                {
                    _slabs.Return(currentSlab);
                }

                currentSlab = slab;
            }

            for (int i = 0; i < batchRead.Count; i++)
            {
                var item = batchRead[i];
                if (item.Secrets is { } secrets)
                {
                    // Secrets carried by the input; keys mode re-emits them per connection.
                    _processor.AddDecryptionSecrets(item.SecretsType, secrets);
                }
                else
                {
                    OnFrame(item.Frame);
                }

                if (_clock.ElapsedMilliseconds - lastPoll >= PollInterval.TotalMilliseconds)
                {
                    lastPoll = _clock.ElapsedMilliseconds;
                    Tick();
                }
            }
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (queue.TryTakeNow(out var batchRead))
                {
                    Handle(batchRead);
                    continue;
                }

                if (queue.IsCompleted)
                {
                    break;
                }

                lastPoll = _clock.ElapsedMilliseconds;
                Tick();
                queue.WaitForItem(PollInterval);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                // SIGTERM (or a stop): the reading thread stops, but what it read still goes out, before the
                // held frames — a frame read is never dropped. It hands over its last batch as it stops; a read
                // blocked on input that never comes is given up after a moment.
                stopProducer.Cancel();
                var giveUp = _clock.Elapsed + TimeSpan.FromSeconds(2);
                bool done;
                do
                {
                    // Whether it ended is read before draining: what it handed over last is then drained too.
                    done = Task.WaitAny([producer], TimeSpan.FromMilliseconds(10)) == 0 || _clock.Elapsed > giveUp;
                    while (queue.TryTakeNow(out var rest))
                    {
                        Handle(rest);
                    }
                }
                while (!done);
            }

            WaitOutHeld(cancellationToken);
        }
        finally
        {
            stopProducer.Cancel();
            Stop();
            try
            {
                producer.Wait(TimeSpan.FromSeconds(1));
            }
            catch (AggregateException)
            {
                // The input failed; examined below, once the held frames are out.
            }
        }

        if (_outputFailure is not null)
        {
            throw _outputFailure;
        }

        // The input failed (damaged, or a read error): what was read is out; the caller reports it.
        if (producer.Exception?.InnerException is CaptureFormatException or IOException)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(producer.Exception.InnerException).Throw();
        }
    }

    /// <summary>
    /// A file replayed as fast as possible, which the reader already reads ahead on a thread of its own: each
    /// frame is processed where the reader left it, with no second thread and no copy (a frame held back for
    /// keys is detached, as always). Reads never wait long, so the ticks run between frames.
    /// </summary>
    private void RunDirect(CaptureReader reader, CancellationToken cancellationToken)
    {
        long lastPoll = _clock.ElapsedMilliseconds;
        try
        {
            while (!cancellationToken.IsCancellationRequested && reader.TryRead(out var record))
            {
                if (record.Kind == CaptureRecordKind.DecryptionSecrets)
                {
                    // Secrets carried by the input; keys mode re-emits them per connection.
                    _processor.AddDecryptionSecrets(record.SecretsType, record.Data.Span);
                }
                else
                {
                    OnFrame(HeldFrame.InPlace(record));
                }

                if (_clock.ElapsedMilliseconds - lastPoll >= PollInterval.TotalMilliseconds)
                {
                    lastPoll = _clock.ElapsedMilliseconds;
                    Tick();
                }
            }

            WaitOutHeld(cancellationToken);
        }
        finally
        {
            Stop();
        }

        if (_outputFailure is not null)
        {
            throw _outputFailure;
        }
    }

    /// <summary>A lane of a <see cref="ParallelCaptureSession"/>: one frame its reading thread handed over.</summary>
    internal void LaneFrame(in HeldFrame frame) => OnFrame(frame);

    /// <summary>A lane's tick: held connections whose keys arrived or whose wait expired are released.</summary>
    internal void LaneTick() => Tick();

    /// <summary>A lane's end: held frames out, the core finished at the capture's last frame (<paramref name="lastFrame"/>).</summary>
    internal void StopLane(long lastFrame)
    {
        Stop(lastFrame);
        if (_outputFailure is not null)
        {
            throw _outputFailure;
        }
    }

    /// <summary>How often the ticks run: key logs followed, held connections' deadlines, the status line.</summary>
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The input ended: gives held connections until their deadline for keys to arrive.</summary>
    private void WaitOutHeld(CancellationToken cancellationToken)
    {
        while (_held.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            Tick();
            if (_held.Count > 0)
            {
                cancellationToken.WaitHandle.WaitOne(PollInterval);
            }
        }
    }

    /// <summary>Called on the capture thread about every 100 ms (the toolbar status uses it).</summary>
    public Action<CaptureSession>? OnTick { get; set; }

    /// <summary>Asks for the key logs to be read again from the start (toolbar button; any thread).</summary>
    public void RequestReload() => _reloadRequested = true;

    /// <summary>True while a reload asked for by <see cref="RequestReload"/> has not run yet.</summary>
    public bool ReloadPending => _reloadRequested;

    /// <summary>Counts for the status line: connections, fully decrypted, waiting for keys, failed.</summary>
    public (int Connections, int Decrypted, int Waiting, int Failed) Counts()
    {
        var totals = Totals();
        return (totals.Connections, totals.Decrypted, _held.Count, totals.Failed);
    }

    /// <summary>All TLS connections of the capture so far, those still kept and those forgotten.</summary>
    public ConnectionTotals Totals()
    {
        var totals = _processor.Forgotten;
        foreach (var connection in _processor.Connections)
        {
            totals = totals.Add(connection);
        }

        return totals;
    }

    public void Dispose() => _processor.Dispose();

    /// <summary>
    /// The end (input done, SIGTERM, or an output error): held frames are flushed first — unless the
    /// output itself failed — then late keys are written and the core finishes.
    /// </summary>
    private void Stop(long? lastFrame = null)
    {
        try
        {
            if (_outputFailure is null)
            {
                foreach (var connection in _held.Keys.ToList())
                {
                    Release(connection, "capture stopped");
                }
            }

            CleanUpForgotten();
            _processor.Finish(lastFrame ?? _processor.Frames);
            WriteLateKeys();
            if (_outputFailure is null)
            {
                _output.Flush();
            }
        }
        catch (OutputException ex)
        {
            _outputFailure ??= ex;
        }
        catch (IOException ex)
        {
            _outputFailure ??= new OutputException("the output", ex, $"{FramesWritten} frames");
        }
    }

    /// <summary>Most frames, and bytes, in one batch handed to the processing thread.</summary>
    private const int BatchFrames = 256;
    private const int BatchBytes = 1 << 20;

    /// <summary>Batches queued between the threads: with the two being processed, this bounds the slabs in use.</summary>
    private const int BatchesInFlight = 6;

    /// <summary>
    /// The slabs frames are copied into on their way to the processing thread, reused again and again: copying each frame into an array of
    /// its own made a replay allocate as much as it read, and the frames waiting in the queue, promoted by the
    /// collections that churn set off, grew the heap with the capture's size.
    /// </summary>
    private readonly System.Buffers.ArrayPool<byte> _slabs = System.Buffers.ArrayPool<byte>.Create(BatchBytes, BatchesInFlight + 4);

    private void Produce(CaptureReader reader, HandOffQueue<SourceBatch> queue, bool originalPace, bool batch, CancellationToken cancellationToken)
    {
        long? firstTimestamp = null;
        var pace = Stopwatch.StartNew();
        var pending = new List<SourceItem>(batch ? BatchFrames : 1);
        int pendingBytes = 0;
        byte[]? slab = null;
        int slabUsed = 0;
        void Publish()
        {
            if (pending.Count == 0)
            {
                return;
            }

            var items = pending.Count == 1 ? new SourceBatch(null, pending[0], slab) : new SourceBatch([.. pending], default, slab);
            pending.Clear();
            pendingBytes = 0;
            if (batch)
            {
                // A batch has a slab of its own; frame by frame (live input), frames share a slab until it is full.
                slab = null;
                slabUsed = 0;
            }

            if (queue.TryAdd(items) || queue.Add(items, cancellationToken))
            {
                return;
            }

            // Stopping: handed over all the same (the processing thread drains the queue), and the reading ends.
            queue.AddLast(items);
            throw new OperationCanceledException(cancellationToken);
        }

        HeldFrame Copy(in CaptureRecord record)
        {
            if (record.Data.Length > BatchBytes / 4)
            {
                return HeldFrame.Copy(record);
            }

            if (slab is not null && slabUsed + record.Data.Length > slab.Length)
            {
                Publish();
                slab = null;
                slabUsed = 0;
            }

            slab ??= _slabs.Rent(BatchBytes);
            return HeldFrame.CopyInto(record, slab, ref slabUsed);
        }

        try
        {
            try
            {
                ReadAll();
            }
            finally
            {
                // Also when the input broke part-way, or on a stop: the frames read still go out.
                Publish();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (AggregateException ex) when (ex.InnerException is OperationCanceledException)
        {
        }
        finally
        {
            queue.Complete();
        }

        void ReadAll()
        {
            while (!cancellationToken.IsCancellationRequested && reader.TryRead(out var record))
            {
                if (record.Kind == CaptureRecordKind.DecryptionSecrets)
                {
                    pending.Add(new SourceItem(default, record.SecretsType, record.Data.ToArray()));
                }
                else
                {
                    if (originalPace)
                    {
                        firstTimestamp ??= record.TimestampNanoseconds;
                        long due = (record.TimestampNanoseconds - firstTimestamp.Value) / 1_000_000;
                        long wait = due - pace.ElapsedMilliseconds;
                        if (wait > 0)
                        {
                            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(wait, 60_000)));
                        }
                    }

                    pending.Add(new SourceItem(Copy(record), 0, null));
                    pendingBytes += record.Data.Length;
                }

                if (!batch || pending.Count >= BatchFrames || pendingBytes >= BatchBytes)
                {
                    Publish();
                }
            }
        }
    }

    private void OnFrame(in HeldFrame frame)
    {
        ProcessFrame(frame);
        CleanUpForgotten();
    }

    /// <summary>Drops what the session and the output keep for connections the core forgot.</summary>
    private void CleanUpForgotten()
    {
        if (_forgotten.Count == 0)
        {
            return;
        }

        foreach (var connection in _forgotten)
        {
            _released.Remove(connection);
            _forwarded.Remove(connection);
            _output.Forget(connection);
            _keyLogOut?.Detach(connection);
        }

        _forgotten.Clear();
    }

    private void ProcessFrame(in HeldFrame frame)
    {
        var existing = _processor.FindConnection(frame.LinkType, frame.Data.Span);
        if (existing is not null && _held.TryGetValue(existing, out var hold))
        {
            hold.Add(frame.Detach());
            _heldBytes += frame.Data.Length;
            if (hold.Bytes > _limits.MaxHeldBytes)
            {
                ReleaseOverBudget(existing, total: false);
            }

            EnforceHeldTotal();
            return;
        }

        var connection = Process(frame, out var comment);
        if (connection is not null && ShouldHold(connection))
        {
            var newHold = new Hold(_clock.Elapsed + KeyWait, comment);
            newHold.Add(frame.Detach());
            _held[connection] = newHold;
            _holdOrder.Enqueue(connection);
            _heldBytes += frame.Data.Length;
            _log.Information("Holding {Connection} until its keys arrive (at most {Seconds} s)", connection.ToString(), KeyWait.TotalSeconds);
            if (newHold.Bytes > _limits.MaxHeldBytes)
            {
                ReleaseOverBudget(connection, total: false);
            }

            EnforceHeldTotal();
            return;
        }

        Forward(frame, connection, comment, annotation: null);
    }

    private bool ShouldHold(TlsConnection connection)
    {
        if (KeyWait <= TimeSpan.Zero || _released.Contains(connection) || connection.ClientRandom is null || connection.LimitExceeded is not null)
        {
            return false;
        }

        // Static keys (RSA, PSK) decrypt what the capture itself carries: nothing to wait for.
        if (_keys.RsaPrivateKeys.Count > 0 || _keys.Psks.Count > 0)
        {
            return false;
        }

        if (connection.HasKeys)
        {
            _released.Add(connection);
            return false;
        }

        return true;
    }

    private void Tick()
    {
        if (_reloadRequested)
        {
            _reloadRequested = false;
            foreach (var follower in _followers)
            {
                follower.Restart();
            }
        }

        OnTick?.Invoke(this);
        foreach (var follower in _followers)
        {
            follower.Poll();
        }

        bool keysChanged = _keys.Version != _lastKeyVersion;
        _lastKeyVersion = _keys.Version;
        if (keysChanged)
        {
            WriteLateKeys();
        }

        if (_held.Count == 0)
        {
            return;
        }

        foreach (var (connection, hold) in _held.ToList())
        {
            if (keysChanged && connection.HasKeys)
            {
                Release(connection, "keys arrived");
            }
            else if (_clock.Elapsed >= hold.Deadline)
            {
                Release(connection, "key wait expired");
            }
        }

        CleanUpForgotten();
    }

    /// <summary>While all held frames together are over budget, the connection waiting longest goes.</summary>
    private void EnforceHeldTotal()
    {
        while (_heldBytes > _limits.MaxHeldTotalBytes && _holdOrder.TryDequeue(out var oldest))
        {
            if (_held.ContainsKey(oldest))
            {
                ReleaseOverBudget(oldest, total: true);
            }
        }
    }

    private void ReleaseOverBudget(TlsConnection connection, bool total)
    {
        ReleasedOverHeldLimit++;
        _log.Warning("Releasing {Connection} without its keys: {Limit} reached", connection.ToString(), total ? CaptureLimits.HeldTotalBytes.Option : CaptureLimits.HeldBytes.Option);
        Release(connection, "held-back limit", _limits.DescribeHeld(total));
    }

    private void Release(TlsConnection connection, string why, string? annotation = null)
    {
        if (!_held.Remove(connection, out var hold))
        {
            return;
        }

        _heldBytes -= hold.Bytes;
        _released.Add(connection);
        _log.Information("Releasing {Connection}: {Why}", connection.ToString(), why);
        for (int i = 0; i < hold.Frames.Count; i++)
        {
            var frame = hold.Frames[i];
            FrameComments comment;
            if (i == 0)
            {
                comment = hold.FirstComment;
            }
            else
            {
                Process(frame, out comment);
            }

            Forward(frame, connection, comment, annotation);
        }
    }

    /// <summary>Runs one frame through the core; its comments are the summary line and the encoded annotation trees.</summary>
    private TlsConnection? Process(in HeldFrame frame, out FrameComments comments)
    {
        _comments.BeginFrame();
        _annotations?.BeginFrame(frame.FrameNumber, frame.Data);
        var connection = _processor.ProcessPacket(frame.LinkType, frame.Data.Span, frame.FrameNumber);
        string? summary = _comments.Comment();
        IReadOnlyList<string> trees = [];
        if (_annotations is not null)
        {
            var annotations = _annotations.EndFrame();
            if (annotations.Count > 0)
            {
                int budget = AnnotationComments.BudgetFor(Math.Min(frame.Data.Length, KeysModeOutput.MaxPacketBytes), summary is null ? null : [summary])
                    - ForwardNoteReserve;
                trees = annotations.Count == 1
                    ? AnnotationComments.Encode(annotations[0], budget)
                    : [.. annotations.SelectMany(a => AnnotationComments.Encode(a, budget / annotations.Count))];
            }
        }

        comments = new FrameComments(summary, trees);
        return connection;
    }

    /// <summary>Bytes kept free in the block for what <see cref="Forward"/> may append to the summary (limit and release notes).</summary>
    private const int ForwardNoteReserve = 1024;

    /// <summary>Hands one frame to the output, with what the session adds to its comment.</summary>
    private void Forward(in HeldFrame frame, TlsConnection? connection, FrameComments comments, string? annotation)
    {
        string? comment = comments.Summary;
        if (connection?.LimitExceeded is { } limit)
        {
            annotation = annotation is null ? _limits.Describe(limit) : $"{annotation} | {_limits.Describe(limit)}";
        }

        if (annotation is not null)
        {
            comment = comment is null ? $"TlsExtcap: {annotation}" : $"{comment} | {annotation}";
        }

        if (_keyLogOut is not null && connection?.ClientRandom is not null && _forwarded.Add(connection) && !connection.HasKeys)
        {
            // Its frames go out before its keys are complete: lines that arrive later go to --keylog-out.
            _keyLogOut.Track(connection);
            _keyLogOut.WriteNew();
        }

        try
        {
            _output.OnFrame(frame, connection, comment, comments.Trees);
        }
        catch (IOException ex)
        {
            _outputFailure = ex as OutputException ?? new OutputException("the output", ex, $"{FramesWritten} frames");
            throw _outputFailure;
        }

        FramesWritten++;
    }

    private void WriteLateKeys()
    {
        if (_keyLogOut?.WriteNew() is > 0 and var lines)
        {
            _log.Information("Appended {Lines} late key-log lines to {File}", lines, _keyLogOut.Path);
        }
    }

    /// <summary>A packet, or the contents of a Decryption Secrets Block, from the source.</summary>
    private readonly record struct SourceItem(HeldFrame Frame, uint SecretsType, byte[]? Secrets);

    /// <summary>
    /// Items handed over together (or one, without an array: frame by frame this allocates nothing), and the
    /// pooled slab their frames' bytes lie in, if any.
    /// </summary>
    private readonly record struct SourceBatch(SourceItem[]? Items, SourceItem One, byte[]? Slab)
    {
        public int Count => Items?.Length ?? 1;

        public SourceItem this[int index] => Items is null ? One : Items[index];
    }

    /// <summary>A frame's summary comment and its encoded annotation trees.</summary>
    private readonly record struct FrameComments(string? Summary, IReadOnlyList<string> Trees);

    private sealed class Hold(TimeSpan deadline, FrameComments firstComment)
    {
        public TimeSpan Deadline { get; } = deadline;

        /// <summary>The comment of the first frame, made when it was processed (the others are processed at release).</summary>
        public FrameComments FirstComment { get; } = firstComment;

        public List<HeldFrame> Frames { get; } = [];

        public long Bytes { get; private set; }

        public void Add(in HeldFrame frame)
        {
            Frames.Add(frame);
            Bytes += frame.Data.Length;
        }
    }
}
