using System.CommandLine;
using TlsExtcap.Core.Keys;

namespace TlsExtcap.KeyInject.Commands;

/// <summary>
/// Finds the running capture <c>push</c> and <c>run</c> talk to: the one given with <c>--capture</c>, or the
/// only one running. None (or not that one): exit code 2; several without <c>--capture</c>: exit code 1.
/// </summary>
internal static class CaptureChannels
{
    public static Option<int?> CaptureOption() => new("--capture")
    {
        Description = "process id of the capture (in its status line); needed only when several captures run",
    };

    /// <param name="processId">The <c>--capture</c> value.</param>
    /// <param name="folder">The per-user channel folder; the default one when null (tests pass their own).</param>
    public static KeyChannelInfo Find(int? processId, string? folder)
    {
        string where = folder ?? KeyChannel.DefaultFolder();
        var running = KeyChannel.Running(folder);
        if (processId is { } id)
        {
            foreach (var channel in running)
            {
                if (channel.ProcessId == id)
                {
                    return channel;
                }
            }

            throw new InputException(where, $"no running TlsExtcap capture with process id {id} (running: {Describe(running)})");
        }

        return running.Count switch
        {
            1 => running[0],
            0 => throw new InputException(where, "no running TlsExtcap capture: start a tls-live or tls-replay capture in Wireshark or tshark first"),
            _ => throw new UsageException($"several TlsExtcap captures are running (process ids {Describe(running)}): choose one with --capture <id>"),
        };
    }

    private static string Describe(IReadOnlyList<KeyChannelInfo> running) =>
        running.Count == 0 ? "none" : string.Join(", ", running.Select(r => r.ProcessId));
}
