// Entry point of the `recurrent` command: wires Ctrl+C to a cancellation token and runs the app.
using Recurrent.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks training to stop and save; a second one ends the process at once.
    if (cancellation.IsCancellationRequested)
        return;
    e.Cancel = true;
    cancellation.Cancel();
};
return CliApp.Run(args, new CliContext(Console.Out, Console.Error, cancellation.Token));
