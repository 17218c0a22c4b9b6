using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Serilog;
using TlsExtcap.Core.Keys;

namespace TlsExtcap.KeyInject.Commands;

/// <summary>
/// <c>tlsinject push [--capture &lt;id&gt;] [--keylog &lt;file&gt; | -]</c>: sends key-log lines into a running
/// tls-live or tls-replay capture through its key channel, so connections it holds back for keys decrypt
/// as soon as their keys arrive. Only well-formed lines are sent, re-serialised; bad lines are reported by
/// number and reason, never by content. Standard input is forwarded line by line as it arrives
/// (<c>tail -f keys.txt | tlsinject push</c> works).
/// </summary>
internal static class PushCommand
{
    /// <summary>pipe(7): writes of at most PIPE_BUF (4096 on Linux) bytes are atomic; lines are grouped below it.</summary>
    private const int AtomicWrite = 4096;

    private const string StandardInput = "standard input";

    public static Command Create(TextWriter stdout, TextWriter stderr, TextReader stdin, string? channelFolder)
    {
        var capture = CaptureChannels.CaptureOption();
        var keyLog = new Option<string?>("--keylog")
        {
            Description = "key log to send; - (the default) reads standard input",
        };
        var command = new Command("push", "Send key-log lines into a running TlsExtcap capture (tls-live or tls-replay)" + "\n\nExamples:\n  tlsinject push --keylog /tmp/keys.txt\n  tail -f $SSLKEYLOGFILE | tlsinject push --capture 12345")
        {
            capture, keyLog,
        };
        command.SetAction(parse => CommandGuard.Run(parse, stderr, log =>
        {
            string source = parse.GetValue(keyLog) ?? "-";
            IReadOnlyList<KeyLogEntry>? fileEntries = null;
            if (source != "-")
            {
                // The file first: a wrong path is reported even when no capture runs.
                CommandGuard.RequireFile(source);
                var parsed = KeyLogParser.ParseFile(source);
                foreach (var error in parsed.Errors)
                {
                    ReportBadLine(stderr, source, error.LineNumber, error.Reason);
                }

                fileEntries = parsed.Entries;
            }

            var target = CaptureChannels.Find(parse.GetValue(capture), channelFolder);
            int sent;
            try
            {
                using var channel = KeyChannel.OpenForWriting(target.Path);
                sent = fileEntries is not null ? SendAll(channel, fileEntries) : SendAsRead(channel, stdin, stderr);
            }
            catch (IOException ex) when (ex is not KeyChannelException)
            {
                // EPIPE: the capture closed its channel (it stopped) while we were writing.
                throw new KeyChannelException(KeyChannelError.NoReader, target.Path, $"the capture stopped reading its key channel ({ex.Message}): it has ended");
            }

            string name = source == "-" ? StandardInput : source;
            if (sent == 0)
            {
                stderr.WriteLine($"tlsinject: {name}: no key-log lines to push");
                return ExitCodes.InvalidInput;
            }

            log.Information("Pushed {Count} key-log lines from {Source} to capture {ProcessId}", sent, name, target.ProcessId);
            stdout.WriteLine($"pushed {sent} key-log lines to capture {target.ProcessId}");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Whole lines in writes of at most <see cref="AtomicWrite"/> bytes.</summary>
    private static int SendAll(Stream channel, IReadOnlyList<KeyLogEntry> entries)
    {
        byte[] batch = new byte[AtomicWrite];
        int length = 0;
        try
        {
            foreach (var entry in entries)
            {
                byte[] line = LineBytes(entry);
                try
                {
                    if (length + line.Length > batch.Length)
                    {
                        channel.Write(batch, 0, length);
                        CryptographicOperations.ZeroMemory(batch.AsSpan(0, length));
                        length = 0;
                    }

                    if (line.Length > batch.Length)
                    {
                        // Longer than PIPE_BUF (not a line any TLS stack writes): alone, not atomic.
                        channel.Write(line);
                    }
                    else
                    {
                        line.CopyTo(batch, length);
                        length += line.Length;
                    }
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(line);
                }
            }

            channel.Write(batch, 0, length);
            channel.Flush();
            return entries.Count;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(batch);
        }
    }

    /// <summary>Each well-formed line is sent as soon as it is read.</summary>
    private static int SendAsRead(Stream channel, TextReader input, TextWriter stderr)
    {
        int sent = 0;
        int lineNumber = 0;
        string? text;
        while ((text = input.ReadLine()) is not null)
        {
            lineNumber++;
            byte[] raw = Encoding.UTF8.GetBytes(text);
            KeyLogParseResult parsed;
            try
            {
                parsed = KeyLogParser.Parse(raw, StandardInput);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(raw);
            }

            foreach (var error in parsed.Errors)
            {
                ReportBadLine(stderr, StandardInput, lineNumber, error.Reason);
            }

            foreach (var entry in parsed.Entries)
            {
                byte[] line = LineBytes(entry);
                try
                {
                    channel.Write(line);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(line);
                }

                sent++;
            }
        }

        channel.Flush();
        return sent;
    }

    private static byte[] LineBytes(KeyLogEntry entry) => Encoding.ASCII.GetBytes(entry.Format() + "\n");

    private static void ReportBadLine(TextWriter stderr, string source, int line, KeyLogErrorReason reason) =>
        stderr.WriteLine($"tlsinject: {source} line {line}: {reason}, line skipped");
}
