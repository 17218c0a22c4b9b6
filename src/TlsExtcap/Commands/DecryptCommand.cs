using System.CommandLine;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Output;

namespace TlsExtcap.Commands;

/// <summary><c>tlsextcap decrypt &lt;capture&gt; [--keylog f]... --export-streams &lt;dir&gt;</c>.</summary>
internal static class DecryptCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var capture = CommonOptions.Capture();
        var keyLog = CommonOptions.KeyLog();
        var rsaKey = CommonOptions.RsaKey();
        var psk = CommonOptions.Psk();
        var export = new Option<DirectoryInfo>("--export-streams")
        {
            Description = "write each connection's decrypted application data per direction into this folder",
            Required = true,
        };
        var command = new Command("decrypt", "Decrypt a capture offline")
        {
            capture, keyLog, rsaKey, psk, export,
        };
        command.SetAction(parse =>
        {
            var run = new CaptureRun(parse, stderr, capture, keyLog, rsaKey, psk, CliApp.LogLevel, CliApp.LogFile);
            string directory = parse.GetValue(export)!.FullName;
            using var sink = new StreamExportSink(directory);
            return run.Execute(sink, new TlsEngineOptions { HashApplicationData = false }, processor =>
            {
                sink.Dispose();
                var connections = processor.Connections;
                int decrypted = connections.Count(c => c.Status == ConnectionStatus.Decrypted);
                stdout.WriteLine($"{connections.Count} TLS connection(s), {decrypted} fully decrypted; {sink.Files.Count} stream file(s) in {directory}");
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
