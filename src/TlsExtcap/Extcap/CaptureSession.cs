using System.Diagnostics;
using System.Threading.Channels;
using Serilog;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Extcap;

/// <summary>
/// Runs one capture: packets from a source go through the core and out through an
/// <see cref="IFrameOutput"/>. A connection whose keys are not known when its ClientHello is seen is
/// held back — its frames queued, not yet decrypted — until its secrets arrive (key log appended,
/// keys pushed, toolbar reload) or <see cref="KeyWait"/> expires; other connections keep flowing, and
/// per connection the frame order never changes.
/// </summary>
internal sealed class CaptureSession : IDisposable
{
    private readonly CaptureProcessor _processor;
    private readonly FrameCommentSink _comments;
    private readonly IFrameOutput _output;
    private readonly KeyStore _keys;
    private readonly IReadOnlyList<KeyLogFollower> _followers;
    private readonly ILogger _log;
    private readonly Dictionary<TlsConnection, Hold> _held = [];
    private readonly HashSet<TlsConnection> _released = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastKeyVersion = -1;
    private volatile bool _reloadRequested;

    public CaptureSession(KeyStore keys, IReadOnlyList<KeyLogFollower> followers, IFrameOutput output, TimeSpan keyWait, ILogger log)
    {
        _keys = keys;
        _followers = followers;
        _output = output;
        _log = log;
        KeyWait = keyWait;
        _comments = new FrameCommentSink(output.Sink);
        _processor = new CaptureProcessor(keys, _comments, new TlsEngineOptions { HashApplicationData = false }, log);
    }

    public TimeSpan KeyWait { get; }

    /// <summary>The capture's key channel, where <c>tlsinject push</c> sends keys; null without one (shown in the status line).</summary>
    public string? KeyChannelPath { get; set; }

    public CaptureProcessor Processor => _processor;

    public int Waiting => _held.Count;

    /// <summary>Reads the source to its end (or until cancelled), then waits out held connections.</summary>
    public void Run(CaptureReader reader, bool originalPace, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<SourceItem>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => Produce(reader, channel.Writer, originalPace, cancellationToken), cancellationToken);
        var pollInterval = TimeSpan.FromMilliseconds(100);
        long lastPoll = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (channel.Reader.TryRead(out var item))
                {
                    if (item.Secrets is { } secrets)
                    {
                        // Secrets carried by the input; keys mode re-emits them per connection.
                        _processor.AddDecryptionSecrets(item.SecretsType, secrets);
                    }
                    else
                    {
                        OnFrame(item.Frame);
                    }

                    if (_clock.ElapsedMilliseconds - lastPoll >= pollInterval.TotalMilliseconds)
                    {
                        lastPoll = _clock.ElapsedMilliseconds;
                        Tick();
                    }

                    continue;
                }

                if (channel.Reader.Completion.IsCompleted)
                {
                    break;
                }

                lastPoll = _clock.ElapsedMilliseconds;
                Tick();
                try
                {
                    channel.Reader.WaitToReadAsync(cancellationToken).AsTask().Wait(pollInterval, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (AggregateException ex) when (ex.InnerException is OperationCanceledException)
                {
                    break;
                }
            }

            // The input ended: give held connections until their deadline for keys to arrive.
            while (_held.Count > 0 && !cancellationToken.IsCancellationRequested)
            {
                Tick();
                if (_held.Count > 0)
                {
                    cancellationToken.WaitHandle.WaitOne(pollInterval);
                }
            }
        }
        finally
        {
            foreach (var connection in _held.Keys.ToList())
            {
                Release(connection, "capture stopped");
            }

            _processor.Finish();
            _output.Flush();
            producer.Wait(TimeSpan.FromSeconds(1));
            if (producer.Exception?.InnerException is CaptureFormatException damage)
            {
                throw damage;
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
        var connections = _processor.Connections;
        return (connections.Count,
            connections.Count(c => c.Status == ConnectionStatus.Decrypted && c.ClientToServer.EncryptedRecords + c.ServerToClient.EncryptedRecords > 0),
            _held.Count,
            connections.Count(c => c.Status == ConnectionStatus.Failed));
    }

    public void Dispose() => _processor.Dispose();

    private void Produce(CaptureReader reader, ChannelWriter<SourceItem> writer, bool originalPace, CancellationToken cancellationToken)
    {
        long? firstTimestamp = null;
        var pace = Stopwatch.StartNew();
        try
        {
            while (!cancellationToken.IsCancellationRequested && reader.TryRead(out var record))
            {
                if (record.Kind == CaptureRecordKind.DecryptionSecrets)
                {
                    writer.WriteAsync(new SourceItem(default, record.SecretsType, record.Data.ToArray()), cancellationToken).AsTask().Wait(cancellationToken);
                    continue;
                }

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

                writer.WriteAsync(new SourceItem(HeldFrame.Copy(record), 0, null), cancellationToken).AsTask().Wait(cancellationToken);
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
            writer.TryComplete();
        }
    }

    private void OnFrame(in HeldFrame frame)
    {
        var existing = _processor.FindConnection(frame.LinkType, frame.Data);
        if (existing is not null && _held.TryGetValue(existing, out var hold))
        {
            hold.Frames.Add(frame);
            return;
        }

        _comments.BeginFrame();
        var connection = _processor.ProcessPacket(frame.LinkType, frame.Data, frame.FrameNumber);
        string? comment = _comments.Comment();
        if (connection is not null && ShouldHold(connection))
        {
            var newHold = new Hold(_clock.Elapsed + KeyWait);
            newHold.Frames.Add(frame);
            newHold.Comments[0] = comment;
            _held[connection] = newHold;
            _log.Information("Holding {Connection} until its keys arrive (at most {Seconds} s)", connection.ToString(), KeyWait.TotalSeconds);
            return;
        }

        _output.OnFrame(frame, connection, comment);
    }

    private bool ShouldHold(TlsConnection connection)
    {
        if (KeyWait <= TimeSpan.Zero || _released.Contains(connection) || connection.ClientRandom is null)
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

        if (_held.Count == 0)
        {
            return;
        }

        bool keysChanged = _keys.Version != _lastKeyVersion;
        _lastKeyVersion = _keys.Version;
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
    }

    private void Release(TlsConnection connection, string why)
    {
        if (!_held.Remove(connection, out var hold))
        {
            return;
        }

        _released.Add(connection);
        _log.Information("Releasing {Connection}: {Why}", connection.ToString(), why);
        for (int i = 0; i < hold.Frames.Count; i++)
        {
            var frame = hold.Frames[i];
            string? comment;
            if (i == 0)
            {
                comment = hold.Comments[0];
            }
            else
            {
                _comments.BeginFrame();
                _processor.ProcessPacket(frame.LinkType, frame.Data, frame.FrameNumber);
                comment = _comments.Comment();
            }

            _output.OnFrame(frame, connection, comment);
        }
    }

    /// <summary>A packet, or the contents of a Decryption Secrets Block, from the source.</summary>
    private readonly record struct SourceItem(HeldFrame Frame, uint SecretsType, byte[]? Secrets);

    private sealed class Hold(TimeSpan deadline)
    {
        public TimeSpan Deadline { get; } = deadline;

        public List<HeldFrame> Frames { get; } = [];

        public string?[] Comments { get; } = new string?[1];
    }
}
