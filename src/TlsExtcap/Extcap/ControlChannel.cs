using System.Buffers.Binary;
using System.Text;
using Serilog;

namespace TlsExtcap.Extcap;

/// <summary>
/// The toolbar (Qt GUI only, never required; notes §2.9): a status line with counts and a "Reload keys"
/// button. Messages in both directions: 'T', uint24 length (payload + 2), control number, command,
/// payload. The control-in FIFO is opened on its own thread at once, since the GUI blocks until it is.
/// </summary>
internal sealed class ControlChannel : IDisposable
{
    private const byte Sync = (byte)'T';
    private const byte CommandSet = 1;
    private const byte CommandInitialized = 0;

    private readonly CaptureSession _session;
    private readonly ILogger _log;
    private readonly Thread _reader;
    private readonly string _inPath;
    private readonly string _outPath;
    private Stream? _out;
    private long _lastStatus;
    private string? _lastText;
    private volatile bool _disposed;

    private ControlChannel(string inPath, string outPath, CaptureSession session, ILogger log)
    {
        _inPath = inPath;
        _outPath = outPath;
        _session = session;
        _log = log;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "extcap-control-in" };
        _reader.Start();
        session.OnTick = _ => MaybeUpdateStatus();
    }

    public static ControlChannel? TryOpen(string? inPath, string? outPath, CaptureSession session, ILogger log) =>
        inPath is null || outPath is null ? null : new ControlChannel(inPath, outPath, session, log);

    /// <summary>Frames one control message.</summary>
    public static byte[] Frame(int control, byte command, ReadOnlySpan<byte> payload)
    {
        var message = new byte[6 + payload.Length];
        message[0] = Sync;
        int length = payload.Length + 2;
        message[1] = (byte)(length >> 16);
        message[2] = (byte)(length >> 8);
        message[3] = (byte)length;
        message[4] = (byte)control;
        message[5] = command;
        payload.CopyTo(message.AsSpan(6));
        return message;
    }

    public void UpdateStatus()
    {
        string text = StatusText(_session.Counts(), _session.KeyChannelPath is not null, Environment.ProcessId);
        if (text == _lastText)
        {
            return;
        }

        _lastText = text;
        Send(ExtcapInterfaces.StatusControl, CommandSet, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// The status line: the counts, and when the capture has a key channel, the command that pushes keys
    /// into it (the channel is also found without the id when only one capture runs).
    /// </summary>
    public static string StatusText((int Connections, int Decrypted, int Waiting, int Failed) counts, bool hasKeyChannel, int processId) =>
        $"{counts.Connections} connections, {counts.Decrypted} decrypted, {counts.Waiting} waiting for keys, {counts.Failed} failed"
        + (hasKeyChannel ? $"; push keys: tlsinject push --capture {processId}" : string.Empty);

    public void Dispose()
    {
        _disposed = true;
        _out?.Dispose();
    }

    private void MaybeUpdateStatus()
    {
        long now = Environment.TickCount64;
        if (now - _lastStatus >= 1000)
        {
            _lastStatus = now;
            UpdateStatus();
        }
    }

    private void Send(int control, byte command, ReadOnlySpan<byte> payload)
    {
        try
        {
            _out ??= FifoOutput.Open(_outPath);
            _out.Write(Frame(control, command, payload));
            _out.Flush();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException)
        {
            _log.Debug("Control pipe: {Error}", ex.Message);
        }
    }

    private void ReadLoop()
    {
        try
        {
            using var input = new FileStream(_inPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            Span<byte> header = stackalloc byte[6];
            var payload = new byte[65535 + 2];
            while (!_disposed)
            {
                input.ReadExactly(header);
                if (header[0] != Sync)
                {
                    return;
                }

                int length = (header[1] << 16) | (header[2] << 8) | header[3];
                if (length < 2 || length - 2 > 65535)
                {
                    return;
                }

                input.ReadExactly(payload.AsSpan(0, length - 2));
                if (header[4] == ExtcapInterfaces.ReloadControl && header[5] == CommandSet)
                {
                    _log.Information("Reload keys requested from the toolbar");
                    _session.RequestReload();
                }
                else if (header[5] == CommandInitialized)
                {
                    _log.Debug("Toolbar initialized");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _log.Debug("Control pipe closed: {Error}", ex.Message);
        }
    }
}
