using System.CommandLine;

namespace TlsExtcap.Commands;

/// <summary>
/// <c>tlsextcap doctor [--keylog f] [--file capture]</c>: checks what a first run needs and prints, for every
/// problem, the command that fixes it. Exit code 0 when nothing is wrong, 4 when a problem was found.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(TextWriter stdout)
    {
        var keyLog = new Option<string?>("--keylog", "-k") { Description = "a key log to check (default: $SSLKEYLOGFILE)" };
        var capture = new Option<string?>("--file", "-f") { Description = "a capture file to check the key log against: how many of its connections it covers" };
        var command = new Command("doctor", "Check the installation (Wireshark, the extcap, the Lua dissector, dumpcap) and a key log, and say how to fix what is wrong"
            + "\n\nExamples:\n  tlsextcap doctor\n  tlsextcap doctor --keylog $SSLKEYLOGFILE --file capture.pcapng")
        {
            keyLog, capture,
        };
        command.SetAction(parse =>
        {
            var checks = DoctorChecks.Wireshark()
                .Concat(DoctorChecks.Extcap())
                .Concat(DoctorChecks.Lua())
                .Concat(DoctorChecks.Dumpcap())
                .Concat(DoctorChecks.KeyLog(parse.GetValue(keyLog), parse.GetValue(capture)));
            int problems = 0;
            foreach (var check in checks)
            {
                string mark = check.Status switch
                {
                    DoctorStatus.Ok => "ok     ",
                    DoctorStatus.Info => "info   ",
                    DoctorStatus.Warning => "warning",
                    _ => "PROBLEM",
                };
                stdout.WriteLine($"{mark}  {check.Title}: {check.Detail}");
                if (check.Fix is not null && check.Status != DoctorStatus.Ok)
                {
                    stdout.WriteLine($"         fix: {check.Fix}");
                }

                problems += check.Status == DoctorStatus.Problem ? 1 : 0;
            }

            stdout.WriteLine(problems == 0 ? "No problems found." : $"{problems} problem(s) found.");
            return problems == 0 ? ExitCodes.Success : ExitCodes.ProblemsFound;
        });
        return command;
    }
}
