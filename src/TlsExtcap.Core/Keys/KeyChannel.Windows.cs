using System.Globalization;
using System.IO.Pipes;
using System.Text;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// Windows: a named pipe <c>\\.\pipe\tlsextcap-&lt;user&gt;-&lt;pid&gt;</c> that only the current user can
/// connect to (<see cref="PipeOptions.CurrentUserOnly"/>), one server instance per connected writer, so each
/// writer has its own line stream. Not tested: the project's machines run Linux.
/// </summary>
public sealed partial class KeyChannel
{
    private const string PipePrefix = "tlsextcap-";
    private const int PipeConnectMilliseconds = 2000;

    private CancellationTokenSource? _pipeStop;
    private Task? _pipeServer;

    private static string WindowsPipeName(int processId) => string.Create(CultureInfo.InvariantCulture, $"{PipePrefix}{PipeUser()}-{processId}");

    private static string WindowsPipePath(int processId) => @"\\.\pipe\" + WindowsPipeName(processId);

    /// <summary>The user name reduced to characters safe in a pipe name.</summary>
    private static string PipeUser()
    {
        var name = new StringBuilder();
        foreach (char c in Environment.UserName)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_');
        }

        return name.ToString();
    }

    private NamedPipeServerStream NewPipeInstance() => new(
        WindowsPipeName(Environment.ProcessId),
        PipeDirection.In,
        NamedPipeServerStream.MaxAllowedServerInstances,
        PipeTransmissionMode.Byte,
        PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);

    private void StartPipeServer()
    {
        _pipeStop = new CancellationTokenSource();
        // The first instance exists before Create returns, so the pipe is listed at once.
        var first = NewPipeInstance();
        _pipeServer = Task.Run(() => ServePipeAsync(first, _pipeStop.Token));
    }

    private void StopPipeServer()
    {
        _pipeStop?.Cancel();
        try
        {
            _pipeServer?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Cancelled.
        }

        _pipeStop?.Dispose();
    }

    private async Task ServePipeAsync(NamedPipeServerStream instance, CancellationToken stop)
    {
        var clients = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await instance.WaitForConnectionAsync(stop).ConfigureAwait(false);
                var connected = instance;
                clients.Add(Task.Run(() => ServePipeClientAsync(connected, stop), stop));
                instance = NewPipeInstance();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            if (!stop.IsCancellationRequested)
            {
                _log.Warning("Key channel {Path}: {Error}; no more keys are read from it", Path, ex.Message);
            }
        }
        finally
        {
            await instance.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ServePipeClientAsync(NamedPipeServerStream client, CancellationToken stop)
    {
        var parser = new KeyLogStreamParser("key channel");
        byte[] buffer = new byte[ReadChunk];
        await using (client.ConfigureAwait(false))
        {
            try
            {
                int read;
                while ((read = await client.ReadAsync(buffer, stop).ConfigureAwait(false)) > 0)
                {
                    Deliver(parser, buffer.AsSpan(0, read));
                }

                // The writer closed its end: a last line without a newline is complete.
                Deliver(parser.Finish());
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The capture ends, or the writer went away.
            }
        }
    }

    private static IReadOnlyList<KeyChannelInfo> RunningPipes()
    {
        string prefix = PipePrefix + PipeUser() + "-";
        var running = new List<KeyChannelInfo>();
        string[] pipes;
        try
        {
            pipes = Directory.GetFiles(@"\\.\pipe\");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return running;
        }

        foreach (string pipe in pipes)
        {
            string name = System.IO.Path.GetFileName(pipe);
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && int.TryParse(name[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int processId)
                && IsAlive(processId))
            {
                running.Add(new KeyChannelInfo(processId, @"\\.\pipe\" + name));
            }
        }

        running.Sort((a, b) => a.ProcessId.CompareTo(b.ProcessId));
        return running;
    }

    private static Stream OpenPipeForWriting(string path)
    {
        string name = path.StartsWith(@"\\.\pipe\", StringComparison.OrdinalIgnoreCase) ? path[@"\\.\pipe\".Length..] : path;
        var client = new NamedPipeClientStream(".", name, PipeDirection.Out, PipeOptions.CurrentUserOnly);
        try
        {
            client.Connect(PipeConnectMilliseconds);
            return client;
        }
        catch (TimeoutException)
        {
            client.Dispose();
            throw new KeyChannelException(KeyChannelError.NoReader, path, "no capture is reading this key channel (the capture has ended)");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            client.Dispose();
            throw new KeyChannelException(KeyChannelError.NotAChannel, path, $"cannot open the key channel: {ex.Message}");
        }
    }
}
