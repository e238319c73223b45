using System.Text.Json.Nodes;
using LlmInteractive.Kernel.Transport;

namespace LlmInteractive.Kernel.Core;

/// <summary>
/// Input from the front end (after ipykernel's raw_input): an input_request on the stdin channel, routed to the
/// client that sent the execute_request, and the input_reply that answers it. One question is open at a time.
/// </summary>
sealed class InputRequests(Action<JupyterMessage> sendOnStdin)
{
    readonly SemaphoreSlim oneAtATime = new(1, 1);
    readonly Lock gate = new();
    (string RequestId, TaskCompletionSource<string> Answer)? open;

    /// <summary>Asks the client of <paramref name="execute"/> for a line; an interrupt (cancellation) stops waiting.</summary>
    public async Task<string> AskAsync(JupyterMessage execute, string prompt, bool password, CancellationToken cancellation)
    {
        await oneAtATime.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var request = execute.Reply("input_request", new JsonObject { ["prompt"] = prompt, ["password"] = password });
            var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate) open = (request.Header.MessageId, answer);
            sendOnStdin(request);
            return await answer.Task.WaitAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException("Interrupted while waiting for input.", cancellation);
        }
        finally
        {
            lock (gate) open = null;
            oneAtATime.Release();
        }
    }

    /// <summary>
    /// Answers the open question with an input_reply; false when none is open or the reply names another request
    /// (jupyter_client sends its reply without a parent header, so a reply without one answers the open question).
    /// </summary>
    public bool TryAnswer(JupyterMessage reply)
    {
        lock (gate)
        {
            if (open is not { } question) return false;
            if (reply.ParentHeader is { } parent && parent.MessageId != question.RequestId) return false;
            return question.Answer.TrySetResult(reply.GetString("value"));
        }
    }
}
