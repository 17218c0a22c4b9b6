using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TlsExtcap.KeyInject.Commands;

/// <summary>
/// While <c>tlsinject run</c> waits for its child: SIGINT and SIGQUIT from the terminal already reach the
/// whole foreground process group, child included, so tlsinject only ignores them and waits for the child
/// to decide; SIGTERM and SIGHUP, sent to tlsinject alone, are passed on to the child. Unix only; on
/// Windows the console delivers Ctrl+C to both processes.
/// </summary>
internal sealed class ChildSignals : IDisposable
{
    // signal(7): the same numbers on Linux and macOS.
    private const int SignalHangUp = 1;
    private const int SignalTerminate = 15;

    private readonly List<PosixSignalRegistration> _registrations = [];

    public ChildSignals(Process child)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => context.Cancel = true));
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, child, SignalTerminate)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => Forward(context, child, SignalHangUp)));
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private static void Forward(PosixSignalContext context, Process child, int signal)
    {
        context.Cancel = true;
        try
        {
            if (!child.HasExited)
            {
                kill(child.Id, signal);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int processId, int signal);
}
