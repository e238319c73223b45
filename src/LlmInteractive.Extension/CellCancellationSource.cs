using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Runtime;

namespace LlmInteractive.Extension;

/// <summary>
/// Connects the host's running-cell token (<see cref="CurrentCell"/>) to the lab's
/// <see cref="AmbientCancellation"/>, once per process however many sessions load the extension.
/// </summary>
static class CellCancellationSource
{
    static int connected;

    public static void Connect()
    {
        if (Interlocked.Exchange(ref connected, 1) == 0)
            AmbientCancellation.Connect(() => CurrentCell.Cancellation);
    }
}
