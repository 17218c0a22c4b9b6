using System.CommandLine;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Extcap;
using TlsExtcap.Limits;
using TlsExtcap.Output;

namespace TlsExtcap.Commands;

/// <summary>
/// <c>tlsextcap decrypt &lt;capture&gt; [keys] --export-streams &lt;dir&gt;</c> writes each connection's
/// decrypted data to files; <c>-o &lt;out.pcapng&gt; --mode keys|plaintext|pdu</c> writes the extcap's
/// output stream to a file (<c>-o -</c>: stdout), with a progress bar on stderr when it is a terminal.
/// With <c>--keylog-out</c>, key-log lines that reach the stream only after their connection's frames
/// (Decryption Secrets Blocks late in the capture) are appended to that file. An output that cannot be
/// written (disk full, unwritable path) ends the run with exit code 3 and says how much was written.
/// </summary>
internal static class DecryptCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, Stream? stdoutStream)
    {
        var capture = CommonOptions.Capture();
        var keyLog = CommonOptions.KeyLog();
        var rsaKey = CommonOptions.RsaKey();
        var psk = CommonOptions.Psk();
        var export = new Option<DirectoryInfo?>("--export-streams")
        {
            Description = "write each connection's decrypted application data per direction into this folder",
        };
        var output = new Option<string?>("--output", "-o") { Description = "write a pcapng stream (as the extcap would) to this file; - for stdout" };
        var mode = new Option<string>("--mode")
        {
            Description = "with -o: keys (original frames + DSBs), plaintext (decrypted data as TCP) or pdu (exported PDUs)",
            DefaultValueFactory = _ => "keys",
        };
        mode.AcceptOnlyFromAmong("keys", "plaintext", "pdu");
        var annotate = new Option<string>(ExtcapInterfaces.Annotate)
        {
            Description = "keys mode: annotation trees in packet comments for the Lua companion — handshake (default), all (application data too) or none",
            DefaultValueFactory = _ => "handshake",
        };
        annotate.AcceptOnlyFromAmong("handshake", "all", "none");
        var keyLogOut = new Option<string?>(ExtcapInterfaces.KeyLogOut)
        {
            Description = "with -o: append key-log lines that arrive after their connection's frames to this file (created 0600)",
            HelpName = "file",
        };
        var threads = new Option<int>("--threads")
        {
            Description = "with -o: lanes (threads) the connections are spread over by address and port pair, each with its own session; each connection's frames keep their order and the output is the one session's, byte for byte (default 1: on the 2-core bench machine the reading, writing and piping already take both cores and lanes were slower; not with --keylog-out)",
            DefaultValueFactory = _ => 1,
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 64)
            {
                result.AddError("--threads must be between 1 and 64");
            }
        });
        var limits = new LimitOptions();
        var command = new Command("decrypt", "Decrypt a capture offline: stream files, or a decrypted pcapng" + "\n\nExamples:\n  tlsextcap decrypt capture.pcapng --keylog keys.txt --export-streams streams/\n  tlsextcap decrypt capture.pcapng --keylog keys.txt -o decrypted.pcapng --mode plaintext\n  tlsextcap decrypt capture.pcapng --keylog keys.txt -o - | tshark -r - -Y http")
        {
            capture, keyLog, rsaKey, psk, export, output, mode, annotate, keyLogOut, threads,
        };
        foreach (var option in limits.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var directory = parse.GetValue(export);
            string? target = parse.GetValue(output);
            if ((directory is null) == (target is null))
            {
                stderr.WriteLine("tlsextcap: decrypt needs exactly one of --export-streams <dir> or -o <out.pcapng>");
                return ExitCodes.Usage;
            }

            if (directory is not null && parse.GetValue(keyLogOut) is not null)
            {
                stderr.WriteLine("tlsextcap: --keylog-out goes with -o (the stream files hold no frames to be late for)");
                return ExitCodes.Usage;
            }

            var run = new CaptureRun(parse, stderr, capture, keyLog, rsaKey, psk, CliApp.LogLevel, CliApp.LogFile);
            var captureLimits = limits.Read(parse);
            return directory is not null
                ? ExportStreams(run, directory.FullName, captureLimits, stdout, stderr)
                : WritePcapng(run, target!, parse.GetValue(mode)!, ExtcapInterfaces.ParseAnnotate(parse.GetValue(annotate)), parse.GetValue(keyLogOut), parse.GetValue(threads), captureLimits, stdout, stderr, stdoutStream);
        });
        return command;
    }

    private static int ExportStreams(CaptureRun run, string directory, CaptureLimits limits, TextWriter stdout, TextWriter stderr)
    {
        StreamExportSink sink;
        try
        {
            sink = new StreamExportSink(directory);
        }
        catch (OutputException ex)
        {
            stderr.WriteLine($"tlsextcap: {ex.Message}");
            return ExitCodes.OutputFailed;
        }

        using (sink)
        {
            return run.Execute(sink, limits.ToEngineOptions(hashApplicationData: false), processor =>
            {
                sink.Complete();
                var connections = processor.Connections;
                int decrypted = connections.Count(c => c.Status == ConnectionStatus.Decrypted);
                stdout.WriteLine($"{connections.Count} TLS connection(s), {decrypted} fully decrypted; {sink.Files.Count} stream file(s) in {directory}");
                return ExitCodes.Success;
            });
        }
    }

    private static int WritePcapng(CaptureRun run, string target, string mode, AnnotationMode annotate, string? keyLogOutPath, int threads, CaptureLimits limits,
        TextWriter stdout, TextWriter stderr, Stream? stdoutStream)
    {
        return run.ExecuteWith(keys =>
        {
            bool toStdout = target == "-";
            using var keyLogOut = keyLogOutPath is null ? null : KeyLogOutput.Open(keyLogOutPath, keys);
            string written = toStdout ? "stdout" : target;
            using var raw = toStdout ? stdoutStream ?? Console.OpenStandardOutput() : CreatePrivate(target);
            // Late keys are watched by one session only (--keylog-out reads connections as they go).
            bool lanes = threads > 1 && keyLogOut is null;
            // A file or a pipe, not the extcap's FIFO: one session's blocks are gathered into large writes on a thread of
            // their own (flushed at the end); lanes are merged batch by batch into large writes already.
            using var destination = lanes ? raw : new OutputBuffer(raw);
            using var frames = CreateOutput(mode, destination, written);
            Flush(destination, written, null);
            using var file = new ProgressStream(File.OpenRead(run.CapturePath));
            // Read ahead on a thread of its own: the session then processes each frame where it was read (no copy).
            using var reader = CaptureReader.Open(file, run.DisplayPath, readAhead: true);
            bool showProgress = !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error);
            using var timer = showProgress ? new Timer(_ => Progress(stderr, file), null, 200, 200) : null;
            var annotation = mode == "keys" ? annotate : AnnotationMode.None;
            long framesWritten;
            int connections;
            try
            {
                if (lanes)
                {
                    using var session = new ParallelCaptureSession(keys, frames, destination, threads, TimeSpan.Zero, run.Logger, limits, annotation);
                    try
                    {
                        session.Run(reader, CancellationToken.None);
                        Flush(destination, written, session.FramesWritten);
                    }
                    catch (OutputException ex)
                    {
                        throw ex.For(written, $"{session.FramesWritten} of {session.Frames} frames");
                    }

                    (framesWritten, connections) = (session.FramesWritten, session.TotalConnections);
                }
                else
                {
                    using var session = new CaptureSession(keys, [], frames, TimeSpan.Zero, run.Logger, limits, keyLogOut, annotation);
                    try
                    {
                        session.Run(reader, originalPace: false, CancellationToken.None, batch: true);
                        Flush(destination, written, session.FramesWritten);
                    }
                    catch (OutputException ex)
                    {
                        throw ex.For(written, $"{session.FramesWritten} of {session.Processor.Frames} frames");
                    }

                    (framesWritten, connections) = (session.FramesWritten, session.Processor.TotalConnections);
                }
            }
            finally
            {
                timer?.Dispose();
                if (showProgress)
                {
                    stderr.Write("\r" + new string(' ', 60) + "\r");
                }
            }

            if (keyLogOut?.Failure is { } failure)
            {
                stderr.WriteLine($"tlsextcap: {failure.Message}");
                return ExitCodes.OutputFailed;
            }

            if (!toStdout)
            {
                string late = keyLogOut is null ? string.Empty : $"; {keyLogOut.LinesWritten} late key-log line(s) appended to {keyLogOut.Path}";
                stdout.WriteLine($"{connections} TLS connection(s), {framesWritten} frame(s) written to {target} ({mode} mode){late}");
            }

            return ExitCodes.Success;
        });
    }

    /// <summary>The output mode's writer; its section header is the first write, so a full disk shows here already.</summary>
    private static IFrameOutput CreateOutput(string mode, Stream destination, string written)
    {
        try
        {
            return ExtcapRunner.CreateOutput(mode, destination, flushEachFrame: false);
        }
        catch (IOException ex)
        {
            throw new OutputException(written, ex, "nothing written");
        }
    }

    /// <summary>Flushes the buffered output; the first call, right after the section header, finds a full disk at once.</summary>
    private static void Flush(Stream destination, string written, long? framesWritten)
    {
        try
        {
            destination.Flush();
        }
        catch (IOException ex)
        {
            throw new OutputException(written, ex, framesWritten is null ? "nothing written" : $"{framesWritten} frames");
        }
    }

    /// <summary>The output holds secrets (keys mode) or plaintext: readable by its owner only (0600).</summary>
    /// <exception cref="OutputException">The file cannot be created (missing folder, a directory, no permission).</exception>
    private static FileStream CreatePrivate(string path)
    {
        // Unbuffered: the writers hand over whole blocks and flush every frame anyway, and an error
        // (disk full) surfaces at the write that failed rather than again when the file is closed.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return new FileStream(path, options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(path, ex, "nothing written");
        }
    }

    private static void Progress(TextWriter stderr, ProgressStream file)
    {
        long total = Math.Max(1, file.Length);
        double fraction = Math.Min(1, (double)file.BytesRead / total);
        int width = 30;
        int filled = (int)(fraction * width);
        stderr.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {fraction:P0}  ");
    }
}
