using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Serilog;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Threading;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Limits;
using TlsExtcap.Output;

namespace TlsExtcap.Extcap;

/// <summary>
/// A capture file replayed as fast as possible through several lanes at once, one thread each: every lane is a
/// <see cref="CaptureSession"/> of its own with its own output of the same mode, and the reading thread deals
/// each packet to the lane of its flow (address and port pair, both directions), so a lane sees its connections
/// whole and in order and treats them exactly as one session would. The input is cut into batches of
/// consecutive frames; each lane writes the blocks of its share of a batch into memory, each frame's blocks
/// marked with the frame's number, and the reading thread merges the lanes' blocks of each batch by frame
/// number into the output. Without frames held back for keys the output is the one session's, byte for byte;
/// with them, each connection's frames keep their order (a released connection's frames come out at the tick
/// that released them). What crosses connections is shared: the key store, the TLS ≤ 1.2 session cache (a miss
/// waits until every earlier frame is processed, as in <see cref="ParallelCaptureProcessor"/>), the
/// connection numbering, and the interfaces, numbered by the reading thread in input order. A Decryption
/// Secrets Block of the input waits until every frame before it is processed, so it takes effect where it lies.
/// Measured on the 2-core bench machine it is slower than one session (the reading, the writing and the pipe
/// already take the second core; the copies into the lanes and their memory cost more than they save): it is
/// for machines with more cores, and <c>decrypt --threads</c> chooses it. Keys come from the key store and the
/// capture's own secrets blocks (no key logs are followed: the extcap, which follows them, runs one session).
/// </summary>
internal sealed class ParallelCaptureSession : IDisposable
{
    /// <summary>Most frames, and bytes, in one batch (all lanes together).</summary>
    private const int BatchFrames = 256;
    private const int BatchBytes = 256 * 1024;

    /// <summary>Frames larger than this get an array of their own; smaller ones are copied into their lane's slab.</summary>
    private const int LargeFrameBytes = 256 * 1024;

    /// <summary>A lane's frames are copied into a slab, batch after batch, until it is full; it is reused once all are processed.</summary>
    private const int SlabBytes = 1 << 20;

    /// <summary>
    /// Bytes of frames handed to the lanes and not yet written out, all lanes together: what bounds the memory (the
    /// frames, and what the lanes wrote for them). It is large, so that a lane whose connections are quiet for a
    /// while works ahead on what comes next instead of waiting for a busy one (downloads arrive in bursts of
    /// megabytes); a few batches, as first tried, kept the lanes in lockstep, one working at a time.
    /// </summary>
    private const long MaxInFlightBytes = 16 << 20;

    /// <summary>Most slabs kept for reuse: those the in-flight budget fills, and each lane's current one.</summary>
    private int PooledSlabs => (int)(MaxInFlightBytes / SlabBytes) + (2 * _lanes.Length);

    /// <summary>Runs shorter than this are gathered into one write of up to <see cref="StagingBytes"/>; longer ones are written where they lie.</summary>
    private const int DirectWriteBytes = 64 * 1024;
    private const int StagingBytes = 256 * 1024;

    private readonly IFrameOutput _output;
    private readonly Stream _destination;
    private readonly ILogger _log;
    private readonly Lane[] _lanes;
    private readonly SessionCache _sessions = new();
    private readonly ConcurrentQueue<byte[]> _slabs = new();

    /// <summary>Arrays the lanes gather their blocks in, sized to their share of a batch (secrets blocks among them: a private pool).</summary>
    private readonly ArrayPool<byte> _arrays = ArrayPool<byte>.Create(4 << 20, 64);
    private readonly ConcurrentQueue<LaneBuffer> _buffers = new();

    /// <summary>What the reading thread writes before frames (interface descriptions), batch by batch, merged first.</summary>
    private readonly PcapngWriter _headerWriter = PcapngWriter.Gathering(4096);
    private readonly Queue<LaneBuffer> _headers = new();

    /// <summary>The frame bytes of each batch handed out and not merged yet, in order.</summary>
    private readonly Queue<long> _batchBytes = new();
    private long _inFlight;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly byte[] _staging = new byte[StagingBytes];
    private int _staged;

    private readonly FrameProgress _progress;
    private LaneBuffer _header;
    private int _pendingFrames;
    private int _pendingBytes;
    private long _published;
    private long _merged;
    private long _lastFrame;
    private int _nextConnectionId;
    private OutputException? _outputFailure;
    private bool _started;

    /// <param name="output">The output (its section header already written to <paramref name="destination"/>); each lane gets one of the same mode.</param>
    /// <param name="destination">Where <paramref name="output"/> writes: the merged blocks of the lanes go there.</param>
    public ParallelCaptureSession(KeyStore keys, IFrameOutput output, Stream destination, int lanes,
        TimeSpan keyWait, ILogger log, CaptureLimits? limits = null, AnnotationMode annotate = AnnotationMode.None)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        _output = output;
        _destination = destination;
        _log = log;
        _progress = new FrameProgress(lanes);
        _sessions.WaitForEarlierFrames = frame => _progress.WaitForEarlierFrames(frame);
        _header = RentBuffer();
        limits ??= CaptureLimits.Default;

        // The held-back total is the capture's: each lane holds back its share.
        var laneLimits = limits with { MaxHeldTotalBytes = Math.Max(1, limits.MaxHeldTotalBytes / lanes) };
        _lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++)
        {
            var writer = PcapngWriter.Gathering(0);
            var session = new CaptureSession(keys, [], output.CreateLane(writer), keyWait, log, laneLimits, keyLogOut: null, annotate,
                sessions: _sessions, connectionIds: () => Interlocked.Increment(ref _nextConnectionId));
            _lanes[i] = new Lane(this, i, session, writer);
        }
    }

    /// <summary>Packets read so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Frames written to the output so far.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>TLS connections of the capture (all lanes; once the run is over).</summary>
    public int TotalConnections => _lanes.Sum(l => l.Session.Processor.TotalConnections);

    /// <summary>Counts for the status line, as the lanes last reported them: connections, fully decrypted, waiting for keys, failed.</summary>
    public (int Connections, int Decrypted, int Waiting, int Failed) Counts()
    {
        int connections = 0, decrypted = 0, waiting = 0, failed = 0;
        foreach (var lane in _lanes)
        {
            var reported = lane.Totals;
            (connections, decrypted, waiting, failed) =
                (connections + reported.Connections, decrypted + reported.Decrypted, waiting + lane.Waiting, failed + reported.Failed);
        }

        return (connections, decrypted, waiting, failed);
    }

    /// <summary>Reads the capture to its end (or until cancelled), waits out held connections, and writes everything out.</summary>
    /// <exception cref="OutputException">The output could not be written; <see cref="FramesWritten"/> says how far it got.</exception>
    /// <exception cref="CaptureFormatException">The capture is damaged: what was read before is out.</exception>
    public void Run(CaptureReader reader, CancellationToken cancellationToken)
    {
        if (_started)
        {
            throw new InvalidOperationException("A parallel session reads one capture.");
        }

        _started = true;
        foreach (var lane in _lanes)
        {
            lane.Start();
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested && reader.TryRead(out var record))
            {
                if (record.Kind == CaptureRecordKind.DecryptionSecrets)
                {
                    // Secrets take effect where they lie: every frame before them is processed first (the key
                    // store is shared; lane 0's processor only counts them, and it is idle now).
                    Publish();
                    MergeUntil(_published);
                    _lanes[0].Session.Processor.AddDecryptionSecrets(record.SecretsType, record.Data.Span);
                    continue;
                }

                Frames++;
                _lastFrame = record.FrameNumber;
                Dispatch(record);
            }

            Publish();
            WaitOutHeld(cancellationToken);
        }
        finally
        {
            Stop();
        }

        _log.Debug("Frames per lane: {Frames}", string.Join(", ", _lanes.Select(l => l.Session.Processor.Frames)));
        if (_outputFailure is not null)
        {
            throw _outputFailure;
        }

        foreach (var lane in _lanes)
        {
            if (lane.Failure is { } failure)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }
    }

    public void Dispose()
    {
        foreach (var lane in _lanes)
        {
            lane.Input.Complete();
            lane.Join();
            lane.Session.Dispose();
        }

    }

    /// <summary>
    /// The lane of a packet's flow: both directions of an address and port pair go to the same one (a packet
    /// that does not decode goes to the first).
    /// </summary>
    private Lane LaneFor(in CaptureRecord record)
    {
        if (_lanes.Length == 1 || !PacketDecoder.TryDecode(record.LinkType, record.Data.Span, out var packet))
        {
            return _lanes[0];
        }

        return _lanes[ParallelCaptureProcessor.WorkerOf(packet.Source, packet.Destination, packet.Protocol, _lanes.Length)];
    }

    private void Dispatch(in CaptureRecord record)
    {
        // What must come before the frame's blocks (a new interface) goes first in the merge of its frame.
        _header.Mark(2 * record.FrameNumber, _headerWriter.Gathered);
        _output.BeforeLanes(HeldFrame.InPlace(record), _headerWriter);

        var lane = LaneFor(record);
        int length = record.Data.Length;
        HeldFrame frame;
        if (length > LargeFrameBytes)
        {
            // A frame that large gets an array of its own.
            frame = HeldFrame.Copy(record);
        }
        else
        {
            if (lane.Slab is not null && lane.SlabUsed + length > lane.Slab.Length)
            {
                // Full: the lane returns it once it has processed this batch (its last frames in it are in it).
                lane.Retired.Add(lane.Slab);
                lane.Slab = null;
                lane.SlabUsed = 0;
            }

            lane.Slab ??= _slabs.TryDequeue(out var reused) ? reused : new byte[SlabBytes];
            int used = lane.SlabUsed;
            frame = HeldFrame.CopyInto(record, lane.Slab, ref used);
            lane.SlabUsed = used;
        }

        lane.Pending.Add(frame);
        lane.PendingBytes += length;
        _pendingFrames++;
        _pendingBytes += length;
        if (_pendingFrames >= BatchFrames || _pendingBytes >= BatchBytes)
        {
            Publish();
        }
    }

    /// <summary>
    /// Hands every lane its share of the batch (an empty one too: each lane answers every batch). Over the
    /// in-flight budget, the oldest batches are written out first, waiting for the lanes.
    /// </summary>
    private void Publish(LaneWork work = LaneWork.Frames)
    {
        if (work == LaneWork.Frames && _pendingFrames == 0)
        {
            return;
        }

        while (_inFlight > MaxInFlightBytes && _merged < _published)
        {
            MergeUntil(_merged + 1);
        }

        var inputs = new LaneInput[_lanes.Length];
        for (int i = 0; i < _lanes.Length; i++)
        {
            var lane = _lanes[i];
            var retired = lane.Retired.Count == 0 ? null : lane.Retired.ToArray();
            if (work == LaneWork.Stop && lane.Slab is not null)
            {
                // The last batch: the slab being filled goes back too.
                retired = [.. retired ?? [], lane.Slab];
                lane.Slab = null;
                lane.SlabUsed = 0;
            }

            inputs[i] = new LaneInput([.. lane.Pending], lane.PendingBytes, retired, _lastFrame, work);
            if (lane.Pending.Count > 0)
            {
                _progress.Handed(i, lane.Pending[0].FrameNumber);
            }

            lane.Pending.Clear();
            lane.PendingBytes = 0;
            lane.Retired.Clear();
        }

        // Usually nothing: an interface description is rare.
        if (_headerWriter.Gathered > 0)
        {
            byte[] headers = _headerWriter.TakeGathered(new byte[4096], out int length);
            _header.Fill(headers, length);
        }
        else
        {
            _header.Fill([], 0);
        }

        _headers.Enqueue(_header);
        _batchBytes.Enqueue(_pendingBytes);
        _inFlight += _pendingBytes;
        _header = RentBuffer();
        _published++;
        _pendingFrames = 0;
        _pendingBytes = 0;
        for (int i = 0; i < _lanes.Length; i++)
        {
            // Never full: the in-flight budget bounds the batches.
            _lanes[i].Input.Add(inputs[i]);
        }

        MergeReady();
    }

    /// <summary>The input ended: every lane processes what it has, then held connections get until their deadline for keys.</summary>
    private void WaitOutHeld(CancellationToken cancellationToken)
    {
        MergeUntil(_published);
        while (!cancellationToken.IsCancellationRequested && _lanes.Any(l => l.Waiting > 0))
        {
            cancellationToken.WaitHandle.WaitOne(CaptureSession.PollInterval);
            Publish(LaneWork.Tick);
            MergeUntil(_published);
        }
    }

    /// <summary>The end (input done, a stop, a failure): every lane releases what it holds and finishes; all of it is written out.</summary>
    private void Stop()
    {
        try
        {
            Publish();
            Publish(LaneWork.Stop);
            MergeUntil(_published);
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
        finally
        {
            foreach (var lane in _lanes)
            {
                lane.Input.Complete();
            }

            // After a failure the lanes' last batches are still taken (and dropped), so none stays blocked.
            while (_merged < _published && _lanes.All(l => l.TakeResult(wait: true)))
            {
                MergeNext();
            }

            foreach (var lane in _lanes)
            {
                lane.Join();
            }
        }
    }

    /// <summary>Merges the batches every lane has finished, without waiting.</summary>
    private void MergeReady()
    {
        while (_merged < _published && _lanes.All(l => l.TakeResult(wait: false)))
        {
            MergeNext();
        }
    }

    /// <summary>Merges batches up to <paramref name="batch"/>, waiting for the lanes.</summary>
    private void MergeUntil(long batch)
    {
        while (_merged < batch)
        {
            foreach (var lane in _lanes)
            {
                if (!lane.TakeResult(wait: true))
                {
                    throw new InvalidOperationException("A lane ended before its last batch.");
                }
            }

            MergeNext();
        }
    }

    /// <summary>
    /// Writes the next batch: the runs of the reading thread's buffer and of every lane's, by key (frame
    /// number; on a tie the reading thread's first, then the lanes in order), each stretch of one buffer
    /// written at once.
    /// </summary>
    private void MergeNext()
    {
        var sources = new LaneBuffer[_lanes.Length + 1];
        sources[0] = _headers.Dequeue();
        _inFlight -= _batchBytes.Dequeue();
        for (int i = 0; i < _lanes.Length; i++)
        {
            sources[i + 1] = _lanes[i].Result!;
            _lanes[i].Result = null;
        }

        _merged++;
        try
        {
            if (_outputFailure is null)
            {
                Merge(sources);
            }
        }
        catch (IOException ex)
        {
            _outputFailure = ex as OutputException ?? new OutputException("the output", ex, $"{FramesWritten} frames");
            throw _outputFailure;
        }
        finally
        {
            foreach (var source in sources)
            {
                ReturnBuffer(source);
            }
        }
    }

    private void Merge(LaneBuffer[] sources)
    {
        Span<int> next = stackalloc int[sources.Length];
        while (true)
        {
            int best = -1;
            for (int s = 0; s < sources.Length; s++)
            {
                if (next[s] < sources[s].Runs && (best < 0 || sources[s].KeyOf(next[s]) < sources[best].KeyOf(next[best])))
                {
                    best = s;
                }
            }

            if (best < 0)
            {
                break;
            }

            // How far this buffer goes before another's run comes first.
            long limit = long.MaxValue;
            int limitSource = int.MaxValue;
            for (int s = 0; s < sources.Length; s++)
            {
                if (s != best && next[s] < sources[s].Runs && sources[s].KeyOf(next[s]) < limit)
                {
                    limit = sources[s].KeyOf(next[s]);
                    limitSource = s;
                }
            }

            var buffer = sources[best];
            int last = next[best];
            while (last + 1 < buffer.Runs && (buffer.KeyOf(last + 1) < limit || (buffer.KeyOf(last + 1) == limit && best < limitSource)))
            {
                last++;
            }

            Write(buffer.Span(next[best], last));
            next[best] = last + 1;
        }

        WriteStaged();

        for (int s = 1; s < sources.Length; s++)
        {
            FramesWritten += sources[s].Frames;
        }
    }

    /// <summary>A long run goes out where it lies (no copy); short ones are gathered first (no write per small frame).</summary>
    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= DirectWriteBytes || _staged + bytes.Length > StagingBytes)
        {
            WriteStaged();
        }

        if (bytes.Length >= DirectWriteBytes)
        {
            _destination.Write(bytes);
            return;
        }

        bytes.CopyTo(_staging.AsSpan(_staged));
        _staged += bytes.Length;
    }

    private void WriteStaged()
    {
        if (_staged > 0)
        {
            int staged = _staged;
            _staged = 0;
            _destination.Write(_staging, 0, staged);
        }
    }


    private LaneBuffer RentBuffer()
    {
        if (!_buffers.TryDequeue(out var buffer))
        {
            buffer = new LaneBuffer();
        }

        buffer.Reset();
        return buffer;
    }

    private void ReturnBuffer(LaneBuffer buffer)
    {
        // Only the pool's sizes go back (an array the writer grew has another).
        if (System.Numerics.BitOperations.IsPow2(buffer.Bytes.Length) && buffer.Bytes.Length >= 16)
        {
            _arrays.Return(buffer.Bytes);
        }

        buffer.Reset();
        _buffers.Enqueue(buffer);
    }

    private void ReturnSlab(byte[] slab)
    {
        if (_slabs.Count < PooledSlabs)
        {
            _slabs.Enqueue(slab);
        }
    }

    private enum LaneWork
    {
        /// <summary>Frames to process (perhaps none: the lane answers all the same).</summary>
        Frames,

        /// <summary>No frames: a tick (held connections' keys and deadlines) while the input has ended.</summary>
        Tick,

        /// <summary>The end: release what is held and finish.</summary>
        Stop,
    }

    /// <summary>A lane's share of a batch: its frames (in a slab of its own, returned once processed), and the batch's last frame number.</summary>
    /// <summary>A lane's share of a batch: its frames and their bytes, the slabs it returns once they are processed, and the batch's last frame number.</summary>
    private readonly record struct LaneInput(HeldFrame[] Frames, long Bytes, byte[][]? Slabs, long EndFrame, LaneWork Work);

    private sealed class Lane(ParallelCaptureSession owner, int index, CaptureSession session, PcapngWriter writer)
    {
        private Thread? _thread;
        private long _lastTick;
        private double _outputRatio = 1.25;

        public CaptureSession Session { get; } = session;

        /// <summary>The lane's shares of batches, in order.</summary>
        public HandOffQueue<LaneInput> Input { get; } = new(int.MaxValue);

        /// <summary>
        /// What the lane wrote for each batch, in order. The lane is never ahead of the merge by more than its
        /// input queue and the batches the other lanes still hold, so this never fills.
        /// </summary>
        public HandOffQueue<LaneBuffer> Output { get; } = new(int.MaxValue);

        /// <summary>The buffer taken from <see cref="Output"/> for the batch being merged.</summary>
        public LaneBuffer? Result { get; set; }

        public List<HeldFrame> Pending { get; } = [];

        public long PendingBytes { get; set; }

        /// <summary>Slabs filled since the last batch handed over: returned once that batch is processed.</summary>
        public List<byte[]> Retired { get; } = [];

        public byte[]? Slab { get; set; }

        public int SlabUsed { get; set; }

        public Exception? Failure { get; private set; }

        /// <summary>Connections held back for keys after the lane's last batch.</summary>
        public int Waiting { get; private set; }

        /// <summary>The lane's connection counts at its last tick.</summary>
        public ConnectionTotals Totals { get; private set; }

        public void Start()
        {
            _thread = new Thread(Run) { Name = "tlsextcap-lane", IsBackground = true };
            _thread.Start();
        }

        public void Join() => _thread?.Join();

        /// <summary>Takes the lane's buffer of the next batch into <see cref="Result"/> (true when it is there).</summary>
        public bool TakeResult(bool wait)
        {
            if (Result is null && (wait ? Output.TryTake(out var buffer) : Output.TryTakeNow(out buffer)))
            {
                Result = buffer;
            }

            return Result is not null;
        }

        private void Run()
        {
            FrameProgress.EnterWorker(index);
            try
            {
                while (Input.TryTake(out var input))
                {
                    Output.Add(Process(input));
                }
            }
            finally
            {
                Output.Complete();
            }
        }

        private LaneBuffer Process(in LaneInput input)
        {
            var buffer = owner.RentBuffer();
            // Room for what the share's frames will make, judged by the last batches (keys mode with annotations of
            // all data writes three times the frames; growing an array each batch churned the large-object heap).
            long expected = (long)(input.Bytes * _outputRatio) + (16 * 1024);
            writer.TakeGathered(owner._arrays.Rent((int)Math.Min(expected, 4 << 20)), out _);
            long written = Session.FramesWritten;
            if (Failure is null)
            {
                try
                {
                    foreach (var frame in input.Frames)
                    {
                        buffer.Mark(2 * frame.FrameNumber, writer.Gathered);
                        owner._progress.At(index, frame.FrameNumber);
                        Session.LaneFrame(frame);
                    }

                    long now = owner._clock.ElapsedMilliseconds;
                    if (input.Work == LaneWork.Stop)
                    {
                        buffer.Mark(long.MaxValue, writer.Gathered);
                        Session.StopLane(input.EndFrame);
                        Totals = Session.Totals();
                    }
                    else if (input.Work == LaneWork.Tick || now - _lastTick >= CaptureSession.PollInterval.TotalMilliseconds)
                    {
                        // After the batch's frames, before the next batch's.
                        _lastTick = now;
                        buffer.Mark((2 * input.EndFrame) + 1, writer.Gathered);
                        Session.LaneTick();
                        Totals = Session.Totals();
                    }
                }
                catch (Exception ex)
                {
                    // A bug of ours: kept, rethrown on the reading thread once all is out; the lane still answers every batch.
                    Failure = ex;
                    owner._log.Error("A lane failed: {Error}", ex.GetType().Name);
                }
            }

            buffer.Frames = (int)(Session.FramesWritten - written);
            byte[] gathered = writer.TakeGathered([], out int length);
            buffer.Fill(gathered, length);
            if (input.Bytes > 0)
            {
                // The largest recent ratio of what was written to the frames' bytes, slowly forgotten.
                _outputRatio = Math.Max(_outputRatio * 0.99, Math.Max(1.0, 1.1 * length / input.Bytes));
            }
            Waiting = Session.Waiting;
            if (input.Frames.Length > 0)
            {
                owner._progress.BatchDone(index);
            }

            foreach (byte[] slab in input.Slabs ?? [])
            {
                owner.ReturnSlab(slab);
            }

            return buffer;
        }
    }
}
