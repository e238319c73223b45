using System.Diagnostics;
using Microsoft.CodeAnalysis;

namespace LlmInteractive.Kernel.Interpreter;

/// <summary>Turns compiler diagnostics and exceptions from cells into Jupyter error outcomes.</summary>
public static class CellErrors
{
    /// <summary>The ename of cells that do not compile.</summary>
    public const string CompilationError = "CompilationError";

    /// <summary>The ename of a cell that stopped at an interrupt (its token, or the interrupt waking a blocking wait).</summary>
    public const string Interrupted = "Interrupted";

    /// <summary>The ename of a cell that did not stop within the grace period after an interrupt and was abandoned.</summary>
    public const string InterruptIgnored = "InterruptIgnored";

    /// <summary>"(line,column): error CSxxxx: message" for each error, lines counted in the cell.</summary>
    public static ExecutionOutcome FromDiagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        var lines = diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(Describe)
            .ToList();
        return ExecutionOutcome.Failed(CompilationError, string.Join("\n", lines), lines);
    }

    static string Describe(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var at = d.Location.IsInSource ? $"({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): " : "";
        return $"{at}error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// ename = the exception's type name, evalue = its message, traceback frames point at cell lines. When the cell was
    /// <paramref name="interrupted"/> and the exception is how the interrupt reached it, ename is <see cref="Interrupted"/>
    /// and evalue says how it stopped.
    /// </summary>
    public static ExecutionOutcome FromException(Exception exception, bool interrupted = false)
    {
        var traceback = new List<string>();
        if (interrupted && exception is OperationCanceledException or ThreadInterruptedException)
        {
            var how = exception is ThreadInterruptedException
                ? "the interrupt woke it from a blocking wait (Sleep, Wait, Join)"
                : "its Cancellation token stopped it";
            var value = $"The cell stopped at the interrupt: {how} ({exception.GetType().Name}: {exception.Message})";
            traceback.Add($"{Interrupted}: {value}");
            traceback.AddRange(Frames(exception));
            return ExecutionOutcome.Failed(Interrupted, value, traceback);
        }
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e != exception) traceback.Add("---> (inner exception)");
            traceback.Add($"{e.GetType().FullName}: {e.Message}");
            traceback.AddRange(Frames(e));
        }
        return ExecutionOutcome.Failed(exception.GetType().Name, exception.Message, traceback);
    }

    /// <summary>The frames of <paramref name="exception"/>, with cell code shown as "Cell line N" and plumbing left out.</summary>
    public static IEnumerable<string> Frames(Exception exception)
    {
        foreach (var frame in new StackTrace(exception, fNeedFileInfo: true).GetFrames())
        {
            var method = frame.GetMethod();
            var type = method?.DeclaringType;
            if (method is null || type is null) continue;
            if (IsCellCode(type))
            {
                var line = frame.GetFileLineNumber();
                yield return line > 0 ? $"   at Cell line {line}" : "   at Cell";
                continue;
            }
            var ns = type.Namespace ?? "";
            // Async machinery and the scripting host are noise to a notebook user.
            if (ns.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal) ||
                ns.StartsWith("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal) ||
                ns.StartsWith("System.Threading.Tasks", StringComparison.Ordinal)) continue;
            var file = frame.GetFileName();
            var where = file is null ? "" : $" in {Path.GetFileName(file)}:line {frame.GetFileLineNumber()}";
            yield return $"   at {TypeName(type)}.{method.Name}{where}";
        }
    }

    /// <summary>Roslyn names script submission assemblies "ℛ*{guid}#{n}-{m}".</summary>
    static bool IsCellCode(Type type) => type.Assembly.GetName().Name?.StartsWith("ℛ*", StringComparison.Ordinal) == true;

    static string TypeName(Type type)
    {
        // Compiler-generated state machines (Outer+<Method>d__3) read better as their declaring type.
        while (type.DeclaringType is not null && type.Name.StartsWith('<')) type = type.DeclaringType;
        return type.FullName?.Replace('+', '.') ?? type.Name;
    }
}
