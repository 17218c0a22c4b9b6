using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Output;

namespace TlsExtcap.Commands;

/// <summary>
/// <c>tlsextcap explain &lt;capture&gt; [--keylog f]... [--connection N] [--frame N] [--plugins dir]... [--json]</c>:
/// every TLS record, handshake message and field of the capture, with its bytes and what it means.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var capture = CommonOptions.Capture();
        var keyLog = CommonOptions.KeyLog();
        var rsaKey = CommonOptions.RsaKey();
        var psk = CommonOptions.Psk();
        var connection = new Option<int?>("--connection", "-c") { Description = "only this connection (the numbers summary prints)" };
        var frame = new Option<long?>("--frame", "-f") { Description = "only this frame" };
        var plugins = new Option<string[]>("--plugins") { Description = "load dissector plugins (.NET assemblies) from this folder; repeatable" };
        var json = new Option<bool>("--json") { Description = "print the annotation tree as JSON" };
        var command = new Command("explain", "Explain every byte of every TLS handshake (and record) in a capture, field by field" + "\n\nExamples:\n  tlsextcap explain samples/seed/capture.pcap --keylog samples/seed/keylog.txt\n  tlsextcap explain capture.pcapng --keylog keys.txt --connection 2 --frame 10\n  tlsextcap explain capture.pcapng --keylog keys.txt --json | jq '.frames[0].nodes[0].children[].name'\n  tlsextcap explain capture.pcapng --keylog keys.txt --plugins plugins/TlsExtcap.Plugins.Http/bin/Release/net10.0")
        {
            capture, keyLog, rsaKey, psk, connection, frame, plugins, json,
        };
        command.SetAction(parse =>
        {
            var run = new CaptureRun(parse, stderr, capture, keyLog, rsaKey, psk, CliApp.LogLevel, CliApp.LogFile);
            var registry = DissectorRegistry.CreateDefault();
            string[] pluginFolders = parse.GetValue(plugins) ?? [];
            if (pluginFolders.Length > 0 && !PluginLoader.Supported)
            {
                // Program hands --plugins to the managed build first (ManagedHost); this is the in-process fallback.
                stderr.WriteLine($"tlsextcap: {ManagedHost.Unavailable}");
                return ExitCodes.Usage;
            }

            foreach (string folder in pluginFolders)
            {
                try
                {
                    foreach (string loaded in LoadPlugins(registry, folder, run.Logger))
                    {
                        run.Logger.Information("Loaded dissector plugin {Plugin}", loaded);
                    }
                }
                catch (PluginLoadException ex)
                {
                    stderr.WriteLine($"tlsextcap: {ex.Path}: {ex.Message}");
                    return ExitCodes.InvalidInput;
                }
            }

            var sink = new AnnotationSink(registry);
            var frames = new List<FrameAnnotation>();
            int? onlyConnection = parse.GetValue(connection);
            long? onlyFrame = parse.GetValue(frame);
            return run.Execute(sink, new TlsEngineOptions { HashApplicationData = false }, processor =>
            {
                if (parse.GetValue(json))
                {
                    ExplainJsonWriter.Write(stdout, frames);
                }
                else
                {
                    ExplainTextWriter.Write(stdout, frames);
                }

                return ExitCodes.Success;
            },
            (processor, record) =>
            {
                if (record.Kind != CaptureRecordKind.Packet || (onlyFrame is { } wanted && record.FrameNumber != wanted))
                {
                    // Frames that are not shown still go through the core: the connection state needs them.
                    processor.Process(record);
                    return;
                }

                byte[] bytes = record.Data.ToArray();
                sink.BeginFrame(record.FrameNumber, bytes);
                processor.ProcessPacket(record.LinkType, bytes, record.FrameNumber);
                foreach (var annotation in sink.EndFrame())
                {
                    if (onlyConnection is null || annotation.Connection.Id == onlyConnection)
                    {
                        frames.Add(annotation);
                    }
                }
            });
        });
        return command;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only called when PluginLoader.Supported: a native build hands --plugins to the managed build (ManagedHost).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only called when PluginLoader.Supported: a native build hands --plugins to the managed build (ManagedHost).")]
    private static IReadOnlyList<string> LoadPlugins(DissectorRegistry registry, string folder, Serilog.ILogger logger) =>
        PluginLoader.Load(registry, folder, logger);
}
