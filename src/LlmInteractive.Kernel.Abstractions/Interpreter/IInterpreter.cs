namespace LlmInteractive.Kernel.Interpreter;

/// <summary>
/// The narrow interface the kernel core calls (after xeus' xinterpreter): one method per request type.
/// The core owns the protocol (status, execute_input, replies, execution counts); the interpreter owns the language.
/// </summary>
public interface IInterpreter
{
    /// <summary>language_info and banner for kernel_info_reply.</summary>
    LanguageInfo Language { get; }

    /// <summary>Runs one cell. Outputs go through <paramref name="output"/> while it runs; the outcome is returned.</summary>
    Task<ExecutionOutcome> ExecuteAsync(string code, ExecutionOptions options, IExecutionOutput output, CancellationToken cancellation);

    Task<Completion> CompleteAsync(string code, int cursorPosition, CancellationToken cancellation);

    /// <summary>Documentation for the symbol at the cursor, or null when there is none.</summary>
    Task<MimeBundle?> InspectAsync(string code, int cursorPosition, int detailLevel, CancellationToken cancellation);

    /// <summary>"complete", "incomplete" (with an indent), or "invalid".</summary>
    Task<(string Status, string Indent)> IsCompleteAsync(string code, CancellationToken cancellation);
}

public sealed record LanguageInfo(
    string Name, string Version, string MimeType, string FileExtension, string PygmentsLexer, string CodeMirrorMode,
    string Banner, IReadOnlyList<(string Text, string Url)> HelpLinks);

/// <param name="Silent">Jupyter's <c>silent</c>: no outputs broadcast, no history.</param>
/// <param name="ExecutionCount">The execution_count the core assigned to this cell.</param>
public sealed record ExecutionOptions(bool Silent, bool StoreHistory, int ExecutionCount)
{
    /// <summary>
    /// Fires when the kernel gives up on the cell: it was interrupted and did not stop within the kernel's grace period.
    /// The kernel has already reported it; the interpreter returns at once, leaves the cell's thread running, and keeps
    /// the session as it was before the cell. The kernel owns that decision: interpreters keep no timer of their own.
    /// </summary>
    public CancellationToken Abandoned { get; init; }
}

/// <summary>
/// A mime type → value map as Jupyter sends it in display_data (values are strings, or JSON for +json types),
/// with optional per-type metadata.
/// </summary>
public sealed record MimeBundle(IReadOnlyDictionary<string, object> Data, IReadOnlyDictionary<string, object>? Metadata = null);

/// <summary>What a running cell can send to the front end (the core turns these into iopub messages).</summary>
public interface IExecutionOutput
{
    /// <summary>stdout/stderr text; <paramref name="name"/> is "stdout" or "stderr".</summary>
    void Stream(string name, string text);

    /// <summary>display_data, or update_display_data when <paramref name="update"/> (then <paramref name="displayId"/> is required).</summary>
    void Display(MimeBundle bundle, string? displayId, bool update);

    /// <summary>Clears the cell's output (clear_output), optionally waiting for the next output.</summary>
    void Clear(bool wait);

    /// <summary>
    /// Asks the user for a line of text (input_request on the stdin channel) and waits for the answer. Where nobody can
    /// answer (allow_stdin false: nbconvert, <c>llm-interactive run</c>, silent cells) it throws, saying so.
    /// </summary>
    Task<string> RequestInputAsync(string prompt, bool password, CancellationToken cancellation) =>
        throw new InvalidOperationException(InputNotAllowed);

    const string InputNotAllowed =
        "This cell asked for input, but its front end does not take input (allow_stdin is false: headless runs such as " +
        "nbconvert or `llm-interactive run`, and silent cells). Set the value in the notebook, or pass it as a parameter.";
}

/// <summary>How a cell ended: ok with an optional result value, or an error with ename/evalue/traceback.</summary>
public sealed record ExecutionOutcome(MimeBundle? Result, ExecutionError? Error, IReadOnlyList<object>? Payload = null)
{
    public static ExecutionOutcome Ok(MimeBundle? result = null) => new(result, null);
    public static ExecutionOutcome Failed(string name, string value, IReadOnlyList<string> traceback) =>
        new(null, new ExecutionError(name, value, traceback));
}

public sealed record ExecutionError(string Name, string Value, IReadOnlyList<string> Traceback);

public sealed record Completion(IReadOnlyList<string> Matches, int CursorStart, int CursorEnd,
    IReadOnlyList<CompletionItem>? Items = null);

/// <summary>One entry for the <c>_jupyter_types_experimental</c> metadata front ends use for icons.</summary>
public sealed record CompletionItem(string Text, string Type, int Start, int End, string? Signature = null);
