using System.CommandLine;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Extcap;
using TlsExtcap.Output;

namespace TlsExtcap.Commands;

/// <summary>
/// <c>tlsextcap decrypt &lt;capture&gt; [keys] --export-streams &lt;dir&gt;</c> writes each connection's
/// decrypted data to files; <c>-o &lt;out.pcapng&gt; --mode keys|plaintext|pdu</c> writes the extcap's
/// output stream to a file (<c>-o -</c>: stdout), with a progress bar on stderr when it is a terminal.
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
        var command = new Command("decrypt", "Decrypt a capture offline: stream files, or a decrypted pcapng" + "\n\nExamples:\n  tlsextcap decrypt capture.pcapng --keylog keys.txt --export-streams streams/\n  tlsextcap decrypt capture.pcapng --keylog keys.txt -o decrypted.pcapng --mode plaintext\n  tlsextcap decrypt capture.pcapng --keylog keys.txt -o - | tshark -r - -Y http")
        {
            capture, keyLog, rsaKey, psk, export, output, mode,
        };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(export);
            string? target = parse.GetValue(output);
            if ((directory is null) == (target is null))
            {
                stderr.WriteLine("tlsextcap: decrypt needs exactly one of --export-streams <dir> or -o <out.pcapng>");
                return ExitCodes.Usage;
            }

            var run = new CaptureRun(parse, stderr, capture, keyLog, rsaKey, psk, CliApp.LogLevel, CliApp.LogFile);
            return directory is not null
                ? ExportStreams(run, directory.FullName, stdout)
                : WritePcapng(run, target!, parse.GetValue(mode)!, stdout, stderr, stdoutStream);
        });
        return command;
    }

    private static int ExportStreams(CaptureRun run, string directory, TextWriter stdout)
    {
        using var sink = new StreamExportSink(directory);
        return run.Execute(sink, new TlsEngineOptions { HashApplicationData = false }, processor =>
        {
            sink.Dispose();
            var connections = processor.Connections;
            int decrypted = connections.Count(c => c.Status == ConnectionStatus.Decrypted);
            stdout.WriteLine($"{connections.Count} TLS connection(s), {decrypted} fully decrypted; {sink.Files.Count} stream file(s) in {directory}");
            return ExitCodes.Success;
        });
    }

    private static int WritePcapng(CaptureRun run, string target, string mode, TextWriter stdout, TextWriter stderr, Stream? stdoutStream)
    {
        return run.ExecuteWith(keys =>
        {
            bool toStdout = target == "-";
            using var destination = toStdout ? stdoutStream ?? Console.OpenStandardOutput() : CreatePrivate(target);
            using var frames = ExtcapRunner.CreateOutput(mode, destination);
            using var session = new CaptureSession(keys, [], frames, TimeSpan.Zero, run.Logger);
            using var file = new ProgressStream(File.OpenRead(run.CapturePath));
            using var reader = CaptureReader.Open(file, run.DisplayPath);
            bool showProgress = !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error);
            using var timer = showProgress ? new Timer(_ => Progress(stderr, file), null, 200, 200) : null;
            session.Run(reader, originalPace: false, CancellationToken.None);
            timer?.Dispose();
            if (showProgress)
            {
                stderr.Write("\r" + new string(' ', 60) + "\r");
            }

            destination.Flush();
            if (!toStdout)
            {
                var connections = session.Processor.Connections;
                stdout.WriteLine($"{connections.Count} TLS connection(s), {session.Processor.Frames} frame(s) written to {target} ({mode} mode)");
            }

            return ExitCodes.Success;
        });
    }

    /// <summary>The output holds secrets (keys mode) or plaintext: readable by its owner only (0600).</summary>
    private static FileStream CreatePrivate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
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
