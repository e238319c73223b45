using LlmInteractive.Kernel.Display;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// Console.In for cells: a line read inside a cell is asked of the front end (input_request), as Python's input()
/// does in ipykernel; outside a cell, reads go to the process's own stdin. The cell's interrupt stops the wait.
/// </summary>
static class ConsoleInput
{
    static readonly Lock installGate = new();
    static bool installed;

    /// <summary>Installs the reader once per process (later calls do nothing).</summary>
    public static void Install()
    {
        lock (installGate)
        {
            if (installed) return;
            installed = true;
            Console.SetIn(new CellReader(Console.In));
        }
    }

    /// <summary>Asks the user of the running cell for a line; throws outside a cell.</summary>
    public static Task<string> AskAsync(string prompt, bool password) =>
        CurrentCell.Output is { } output
            ? output.RequestInputAsync(prompt, password, CurrentCell.Cancellation)
            : throw new InvalidOperationException("Input can only be asked for while a cell runs.");

    /// <summary>Reads a line at a time from the front end; Read/Peek serve that line (with its newline) char by char.</summary>
    sealed class CellReader(TextReader original) : TextReader
    {
        string pending = "";

        public override string? ReadLine()
        {
            if (pending.Length > 0)
            {
                var rest = pending.TrimEnd('\n');
                pending = "";
                return rest;
            }
            return CurrentCell.Output is null ? original.ReadLine() : Ask();
        }

        public override int Peek() => Fill() ? pending[0] : original.Peek();

        public override int Read()
        {
            if (!Fill()) return original.Read();
            var next = pending[0];
            pending = pending[1..];
            return next;
        }

        /// <summary>True when <see cref="pending"/> has text from the front end (asking for a line when empty).</summary>
        bool Fill()
        {
            if (pending.Length == 0 && CurrentCell.Output is not null) pending = Ask() + "\n";
            return pending.Length > 0;
        }

        // Console reads are synchronous: the cell's thread waits here; the answer arrives on the socket thread.
        static string Ask()
        {
            var asked = AskAsync("", password: false);
            try
            {
                return asked.GetAwaiter().GetResult();
            }
            catch (ThreadInterruptedException e)
            {
                // An interrupt also wakes the cell's thread (for sleeps); when that lands before the cancelled wait
                // does, it is the same interrupt of the same wait, and must say so (a loaded machine showed it).
                throw new OperationCanceledException("Interrupted while waiting for input.", e, CurrentCell.Cancellation);
            }
        }
    }
}
