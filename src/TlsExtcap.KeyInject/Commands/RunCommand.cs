using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using TlsExtcap.Core.Keys;

namespace TlsExtcap.KeyInject.Commands;

/// <summary>
/// <c>tlsinject run [--capture &lt;id&gt;] -- &lt;command&gt; [args...]</c>: starts the command with SSLKEYLOGFILE
/// naming a running capture's key channel, so the secrets of its TLS connections flow straight into the
/// capture; exits with the command's exit code (128 + n when a signal n ended it, 126/127 when it cannot be
/// started). The command's standard streams are tlsinject's own.
/// </summary>
internal static class RunCommand
{
    private const int NoSuchFile = 2;  // ENOENT, as Win32Exception.NativeErrorCode from Process.Start

    public static Command Create(TextWriter stderr, string? channelFolder)
    {
        var capture = CaptureChannels.CaptureOption();
        var program = new Argument<string[]>("command")
        {
            Description = "the program and its arguments, after --",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("run", "Run a program with SSLKEYLOGFILE pointed at a running TlsExtcap capture's key channel" + "\n\nExamples:\n  tlsinject run -- curl https://example.test/\n  tlsinject run --capture 12345 -- firefox")
        {
            capture, program,
        };
        command.SetAction(parse => CommandGuard.Run(parse, stderr, log =>
        {
            var target = CaptureChannels.Find(parse.GetValue(capture), channelFolder);
            // Fail now if nobody reads the channel: the program's own open(2) of its key log would block.
            using (KeyChannel.OpenForWriting(target.Path))
            {
            }

            string[] argv = parse.GetValue(program)!;
            var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
            foreach (string argument in argv.Skip(1))
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["SSLKEYLOGFILE"] = target.Path;
            Process? child;
            try
            {
                child = Process.Start(start);
            }
            catch (Win32Exception ex)
            {
                stderr.WriteLine($"tlsinject: {argv[0]}: {ex.Message}");
                return ex.NativeErrorCode == NoSuchFile ? ExitCodes.CommandNotFound : ExitCodes.CannotExecute;
            }

            if (child is null)
            {
                stderr.WriteLine($"tlsinject: {argv[0]}: cannot start");
                return ExitCodes.CannotExecute;
            }

            log.Information("Started {Program} (process {ChildId}) with its key log going to capture {ProcessId}", argv[0], child.Id, target.ProcessId);
            using (child)
            using (new ChildSignals(child))
            {
                child.WaitForExit();
                return child.ExitCode;
            }
        }));
        return command;
    }
}
