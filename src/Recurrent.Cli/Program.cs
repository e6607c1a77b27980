// Entry point of the `recurrent` command: wires the stop signals to a cancellation token and runs the app. Ctrl+C
// (SIGINT), SIGTERM (what kill, timeout, systemd and container stops send) and SIGHUP (a closed terminal) all ask a
// run to stop after its current step and save a resumable checkpoint; a second signal ends the process at once.
// The exit code says which signal stopped it, as a shell would: 130, 143 or 129.
using System.Runtime.InteropServices;
using Recurrent.Cli;

using var cancellation = new CancellationTokenSource();
PosixSignal? received = null;
void Stop(PosixSignalContext context)
{
    if (cancellation.IsCancellationRequested)
        return; // the second signal: its default action ends the process
    context.Cancel = true;
    received = context.Signal;
    cancellation.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
int code = CliApp.Run(args, new CliContext(Console.Out, Console.Error, cancellation.Token));
return code == CliApp.Interrupted ? received switch
{
    PosixSignal.SIGTERM => 143,
    PosixSignal.SIGHUP => 129,
    _ => code,
} : code;
