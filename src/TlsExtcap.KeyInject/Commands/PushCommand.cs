using System.CommandLine;
using System.Diagnostics;
using System.Text;
using TlsExtcap.Core.Keys;

namespace TlsExtcap.KeyInject.Commands;

/// <summary>
/// <c>tlsinject push [--capture PID] [--keylog FILE | -]</c> sends key-log lines into a running
/// tls-live or tls-replay capture; <c>tlsinject run [--capture PID] -- COMMAND ARGS...</c> starts a
/// program with SSLKEYLOGFILE pointed at the capture's key channel, so its keys flow straight in.
/// </summary>
internal static class PushCommand
{
    public static Command CreatePush(TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        var capture = new Option<int?>("--capture") { Description = "process id of the capture (needed only when several run)" };
        var keyLog = new Option<string?>("--keylog") { Description = "key log file to send, or - for standard input (default)" };
        var command = new Command("push", "Send key-log lines into a running TlsExtcap capture (its held-back connections decrypt as soon as their keys arrive)")
        {
            capture, keyLog,
        };
        command.SetAction(parse => CommandGuard.Run(parse, stderr, log =>
        {
            string channel = FindChannel(parse.GetValue(capture));
            string source = parse.GetValue(keyLog) ?? "-";
            byte[] content = source == "-" ? Encoding.ASCII.GetBytes(stdin.ReadToEnd()) : ReadKeyLog(source);
            var parsed = KeyLogParser.Parse(content, source);
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"tlsinject: {source} line {error.LineNumber}: {error.Reason}, line skipped");
            }

            var text = new StringBuilder();
            foreach (var entry in parsed.Entries)
            {
                text.Append(entry.Format()).Append('\n');
            }

            using (var stream = KeyChannel.OpenForWriting(channel))
            {
                // Writes of at most PIPE_BUF bytes are atomic: send line groups under 4 KiB.
                byte[] bytes = Encoding.ASCII.GetBytes(text.ToString());
                int offset = 0;
                while (offset < bytes.Length)
                {
                    int end = Math.Min(bytes.Length, offset + 4000);
                    int newline = Array.LastIndexOf(bytes, (byte)'\n', end - 1, end - offset);
                    end = newline >= offset ? newline + 1 : end;
                    stream.Write(bytes, offset, end - offset);
                    offset = end;
                }
            }

            stdout.WriteLine($"pushed {parsed.Entries.Count} key-log line(s) to {channel}");
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command CreateRun(TextWriter stdout, TextWriter stderr)
    {
        var capture = new Option<int?>("--capture") { Description = "process id of the capture (needed only when several run)" };
        var program = new Argument<string[]>("command") { Description = "the program to run, after --", Arity = ArgumentArity.OneOrMore };
        var command = new Command("run", "Run a program with SSLKEYLOGFILE pointed at a running capture's key channel")
        {
            capture, program,
        };
        command.SetAction(parse => CommandGuard.Run(parse, stderr, log =>
        {
            string channel = FindChannel(parse.GetValue(capture));
            string[] argv = parse.GetValue(program)!;
            var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
            foreach (string arg in argv.Skip(1))
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["SSLKEYLOGFILE"] = channel;
            using var child = Process.Start(start) ?? throw new InputException(argv[0], "cannot start");
            child.WaitForExit();
            return child.ExitCode;
        }));
        return command;
    }

    private static string FindChannel(int? processId)
    {
        var running = KeyChannel.Running();
        if (processId is { } pid)
        {
            return running.FirstOrDefault(c => c.ProcessId == pid).Path
                ?? throw new InputException(KeyChannel.Folder(), $"no TlsExtcap capture with process id {pid} (running: {Describe(running)})");
        }

        return running.Count switch
        {
            1 => running[0].Path,
            0 => throw new InputException(KeyChannel.Folder(), "no running TlsExtcap capture found: start tls-live or tls-replay first"),
            _ => throw new InputException(KeyChannel.Folder(), $"several captures run ({Describe(running)}): choose one with --capture <pid>"),
        };
    }

    private static byte[] ReadKeyLog(string path)
    {
        CommandGuard.RequireFile(path);
        return File.ReadAllBytes(path);
    }

    private static string Describe(IReadOnlyList<(int ProcessId, string Path)> running) =>
        running.Count == 0 ? "none" : string.Join(", ", running.Select(r => r.ProcessId));
}
