using LlmInteractive.Kernel.Interpreter;
using LlmInteractive.Kernel.Magics;

namespace LlmInteractive.Extension;

/// <summary>Turns the errors a magic can expect (bad input, unsupported model) into a cell error with a clear message.</summary>
static class MagicHandlers
{
    public static MagicHandler Guarded(string magic, Func<MagicContext, Task<ExecutionOutcome?>> handler) => async context =>
    {
        try
        {
            return await handler(context);
        }
        catch (MagicUsageException e)
        {
            return Failed(MagicErrors.UsageError, magic, e.Message);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException && e is not ObjectDisposedException)
        {
            return Failed(e.GetType().Name, magic, e.Message);
        }
    };

    static ExecutionOutcome Failed(string name, string magic, string message)
    {
        var text = $"#!{magic}: {message}";
        return ExecutionOutcome.Failed(name, text, [text, $"(run #!{magic} -h for usage)"]);
    }
}
