using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Serilog;
using TlsExtcap.Commands;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Limits;
using TlsExtcap.Logging;
using TlsExtcap.Output;

namespace TlsExtcap.Extcap;

/// <summary>
/// The extcap side of <c>tlsextcap</c>: discovery calls and captures. In capture mode stdout is not
/// used, logs go to <c>--log-file</c> (or nowhere), and stderr gets one line only for a fatal error,
/// after which the FIFO is opened and closed so dumpcap does not wait forever (notes §2.8, pitfall 1).
/// Faults: the FIFO reader going away is a normal stop; dumpcap dying ends the capture with its exit
/// status and last message on stderr; an unwritable <c>--keylog-out</c> is reported at the end.
/// </summary>
internal static class ExtcapRunner
{
    /// <summary>dumpcap's last stderr lines kept for the error message when it dies.</summary>
    private const int DumpcapLinesKept = 4;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var arguments = ExtcapArguments.Parse(args);
        if (arguments.Has("--extcap-interfaces"))
        {
            WriteLines(stdout, ExtcapDiscovery.Interfaces());
            return 0;
        }

        string? interfaceName = arguments.Interface;
        if (arguments.Has("--extcap-dlts"))
        {
            WriteLines(stdout, ExtcapInterfaces.IsKnown(interfaceName) ? ExtcapDiscovery.Dlts(interfaceName!) : []);
            return 0;
        }

        if (arguments.Has("--extcap-config"))
        {
            if (!ExtcapInterfaces.IsKnown(interfaceName))
            {
                return 0;
            }

            string? reload = arguments.Get("--extcap-reload-option");
            WriteLines(stdout, reload is null
                ? ExtcapDiscovery.Config(interfaceName!, arguments.Version, DumpcapInterfaces.List)
                : ExtcapDiscovery.Reload(interfaceName!, reload, DumpcapInterfaces.List));
            return 0;
        }

        if (!arguments.Has("--capture"))
        {
            // A capture-filter check (notes §2.6): empty output means the filter is accepted;
            // dumpcap itself checks it when the live capture starts.
            return 0;
        }

        return Capture(arguments, stderr);
    }

    private static int Capture(ExtcapArguments arguments, TextWriter stderr)
    {
        string? fifo = arguments.Get("--fifo");
        using var logger = (Serilog.Core.Logger)CreateLogger(arguments);
        int Fail(string message)
        {
            stderr.WriteLine($"tlsextcap: {message}");
            stderr.Flush();
            logger.Error("{Message}", message);
            FifoOutput.OpenAndClose(fifo);
            return 1;
        }

        if (fifo is null)
        {
            return Fail("--fifo is required for a capture");
        }

        string? interfaceName = arguments.Interface;
        if (!ExtcapInterfaces.IsKnown(interfaceName))
        {
            return Fail($"unknown interface '{interfaceName}'");
        }

        string mode = arguments.Get(ExtcapInterfaces.Mode) ?? "keys";
        if (mode is not ("keys" or "plaintext" or "pdu"))
        {
            return Fail($"unknown --mode '{mode}' (keys, plaintext or pdu)");
        }

        if (!CaptureLimits.TryRead(arguments.Get, out var limits, out string? limitError))
        {
            return Fail(limitError!);
        }

        var keys = new KeyStore(logger);
        var followers = new List<KeyLogFollower>();
        try
        {
            if (arguments.Get(ExtcapInterfaces.KeyLog) is { } keyLog)
            {
                if (interfaceName == ExtcapInterfaces.Replay && !File.Exists(keyLog))
                {
                    return Fail($"{keyLog}: key log file not found");
                }

                var follower = new KeyLogFollower(keyLog, keys, logger);
                follower.Poll();
                follower.Poll();
                followers.Add(follower);
            }

            if (arguments.Get(ExtcapInterfaces.RsaKey) is { } rsaKey)
            {
                var (path, password) = KeyMaterialOptions.ParseRsaKeyArgument(rsaKey);
                keys.AddRsaPrivateKey(RsaPrivateKeyLoader.Load(path, password));
            }
        }
        catch (KeyFileException ex)
        {
            return Fail($"{ex.Path}: {ex.Message}");
        }

        KeyLogOutput? keyLogOut = null;
        if (arguments.Get(ExtcapInterfaces.KeyLogOut) is { } keyLogOutPath)
        {
            try
            {
                keyLogOut = KeyLogOutput.Open(keyLogOutPath, keys);
            }
            catch (OutputException ex)
            {
                return Fail(ex.Message);
            }
        }

        using var keyLogOutScope = keyLogOut;
        Process? dumpcap = null;
        var dumpcapLines = new ConcurrentQueue<string>();
        CaptureReader reader;
        try
        {
            if (interfaceName == ExtcapInterfaces.Replay)
            {
                string? file = arguments.Get(ExtcapInterfaces.File);
                if (file is null)
                {
                    return Fail("--file is required: choose the capture to replay");
                }

                if (!File.Exists(file))
                {
                    return Fail($"{file}: no such capture file");
                }

                reader = CaptureReader.Open(file);
            }
            else
            {
                string? device = arguments.Get(ExtcapInterfaces.CaptureInterface);
                if (device is null)
                {
                    return Fail("--interface is required: choose the interface to capture");
                }

                dumpcap = StartDumpcap(device, arguments.Get("--extcap-capture-filter"), logger, dumpcapLines);
                reader = CaptureReader.Open(dumpcap.StandardOutput.BaseStream, $"dumpcap -i {device}");
            }
        }
        catch (CaptureFormatException ex) when (dumpcap is not null)
        {
            // dumpcap ended before it wrote a capture header: its own message says why.
            return Fail(DumpcapEnded(dumpcap, dumpcapLines, framesWritten: null) ?? ex.Message);
        }
        catch (CaptureFormatException ex)
        {
            return Fail(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return Fail(ex.Message);
        }

        using var cancel = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        // On SIGTERM stop dumpcap first: its stdout closes and the blocked read returns at once.
        using var stopDumpcap = cancel.Token.Register(() => StopProcess(dumpcap));
        CaptureSession? running = null;
        try
        {
            using var output = FifoOutput.Open(fifo);
            using var frames = CreateOutput(mode, output);
            double keyWait = arguments.GetDouble(ExtcapInterfaces.KeyWait, ExtcapInterfaces.DefaultKeyWait);
            // Annotation trees ride in packet comments of the original frames: keys mode only.
            var annotate = mode == "keys" ? ExtcapInterfaces.ParseAnnotate(arguments.Get(ExtcapInterfaces.Annotate)) : AnnotationMode.None;
            using var session = new CaptureSession(keys, followers, frames, TimeSpan.FromSeconds(Math.Clamp(keyWait, 0, 600)), logger, limits, keyLogOut, annotate);
            running = session;
            // Keys pushed by `tlsinject push` / `tlsinject run` arrive through this channel.
            using var channel = OpenKeyChannel(keys, logger);
            session.KeyChannelPath = channel?.Path;
            using var control = ControlChannel.TryOpen(arguments.Get("--extcap-control-in"), arguments.Get("--extcap-control-out"), session, logger);
            bool originalPace = arguments.Get(ExtcapInterfaces.Pace) == "original";
            using (reader)
            {
                // A file replayed as fast as possible goes through in batches; live and paced frames one by one.
                session.Run(reader, originalPace, cancel.Token, batch: dumpcap is null && !originalPace);
            }

            control?.UpdateStatus();
            logger.Information("Capture ended: {Frames} frames, {Connections} TLS connections", session.Processor.Frames, session.Processor.TotalConnections);
            if (dumpcap is not null && !cancel.IsCancellationRequested && DumpcapEnded(dumpcap, dumpcapLines, session.FramesWritten) is { } ended)
            {
                // Nobody asked dumpcap to stop: the capture ends here, with its reason.
                return Report(ended, ExitCodes.InvalidInput);
            }

            return keyLogOut?.Failure is { } failure ? Report(failure.Message, ExitCodes.OutputFailed) : ExitCodes.Success;
        }
        catch (IOException ex) when (cancel.IsCancellationRequested || IsBrokenPipe(ex))
        {
            // dumpcap closed the FIFO: the capture was stopped (notes §2.10).
            logger.Information("Output closed: {Error}", ex.Message);
            return 0;
        }
        catch (CaptureFormatException ex)
        {
            string message = dumpcap is not null && DumpcapEnded(dumpcap, dumpcapLines, running?.FramesWritten) is { } ended
                ? $"{ended}; its output ended mid-block ({ex.Message})"
                : ex.Message;
            return Report(message, ExitCodes.InvalidInput);
        }
        finally
        {
            StopProcess(dumpcap);
            dumpcap?.Dispose();
        }

        int Report(string message, int code)
        {
            // One line: Wireshark shows it as "Error by extcap pipe" when the session ends (notes §2.8).
            stderr.WriteLine($"tlsextcap: {message}");
            stderr.Flush();
            logger.Error("{Message}", message);
            return code;
        }
    }

    /// <summary>
    /// When dumpcap has exited on its own: what to tell the user (its exit status, its last message,
    /// how far the capture got). Null while it is still running.
    /// </summary>
    private static string? DumpcapEnded(Process dumpcap, ConcurrentQueue<string> lines, long? framesWritten)
    {
        if (!dumpcap.WaitForExit(2000))
        {
            return null;
        }

        // Flushes the asynchronous stderr reader, so its last lines are in the queue.
        dumpcap.WaitForExit();
        string status = dumpcap.ExitCode > 128 ? $"was killed by signal {dumpcap.ExitCode - 128}" : $"exited with code {dumpcap.ExitCode}";
        string said = lines.IsEmpty ? string.Empty : $": {string.Join(" / ", lines)}";
        string progress = framesWritten is { } frames ? $"; the capture ended after {frames} frames" : string.Empty;
        return $"dumpcap {status}{said}{progress}";
    }

    /// <summary>
    /// The capture's key channel for <c>tlsinject push</c> / <c>tlsinject run</c>. Optional: without it the
    /// capture still runs (key log, toolbar reload), so a failure is a warning in the log, not on stderr.
    /// </summary>
    private static KeyChannel? OpenKeyChannel(KeyStore keys, ILogger logger)
    {
        try
        {
            var channel = KeyChannel.Create(keys, logger);
            if (channel is not null)
            {
                logger.Information("Key channel {Path}: tlsinject push --capture {ProcessId}", channel.Path, channel.ProcessId);
            }

            return channel;
        }
        catch (KeyChannelException ex)
        {
            logger.Warning("No key channel ({Reason}): {Error}", ex.Reason, ex.Message);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            logger.Warning("No key channel: {Error}", ex.Message);
            return null;
        }
    }

    private static void StopProcess(Process? process)
    {
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill();
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    /// <param name="flushEachFrame">True for the extcap pipe (Wireshark shows frames as they come; Windows kills the extcap without warning); false for files.</param>
    public static IFrameOutput CreateOutput(string mode, Stream output, bool flushEachFrame = true) => mode switch
    {
        "plaintext" => new PlaintextModeOutput(output, flushEachFrame),
        "pdu" => new PduModeOutput(output, flushEachFrame),
        _ => new KeysModeOutput(output, flushEachFrame),
    };

    private static Process StartDumpcap(string device, string? filter, ILogger logger, ConcurrentQueue<string> lastLines)
    {
        var start = new ProcessStartInfo(DumpcapInterfaces.DumpcapPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-i", device, "-w", "-", "-q" })
        {
            start.ArgumentList.Add(arg);
        }

        if (!string.IsNullOrWhiteSpace(filter))
        {
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add(filter);
        }

        var process = Process.Start(start) ?? throw new IOException("cannot start dumpcap");
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                logger.Information("dumpcap: {Line}", e.Data);
                lastLines.Enqueue(e.Data.Trim());
                while (lastLines.Count > DumpcapLinesKept)
                {
                    lastLines.TryDequeue(out string? _);
                }
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    private static bool IsBrokenPipe(IOException ex) =>
        ex is OutputException { Reason: OutputError.Closed } || ex.HResult == 32 || ex.Message.Contains("pipe", StringComparison.OrdinalIgnoreCase);

    private static ILogger CreateLogger(ExtcapArguments arguments)
    {
        string? file = arguments.Get(ExtcapInterfaces.LogFile);
        var level = LoggingSetup.ParseLevel(arguments.Get(ExtcapInterfaces.LogLevel));
        var configuration = new LoggerConfiguration().MinimumLevel.Is(level);
        // Never stderr in capture mode: Wireshark shows any stderr text as an error (pitfall 2).
        return file is null
            ? configuration.CreateLogger()
            : configuration.WriteTo.File(file, outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}").CreateLogger();
    }

    private static void WriteLines(TextWriter stdout, IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            stdout.Write(line);
            stdout.Write('\n');
        }

        stdout.Flush();
    }
}
