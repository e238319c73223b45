using System.CommandLine;
using LlmInteractive.Kernel.Interpreter;

namespace LlmInteractive.Kernel.Magics;

/// <summary><c>#!markdown</c>, <c>#!html</c>, <c>#!javascript</c>: show the cell body as that mime type.</summary>
static class MimeMagics
{
    public static IEnumerable<MagicCommand> Create()
    {
        yield return Create("markdown", "text/markdown", "Render the rest of the cell as Markdown.");
        yield return Create("html", "text/html", "Render the rest of the cell as HTML.");
        yield return Create("javascript", "application/javascript", "Run the rest of the cell as JavaScript in the front end.");
    }

    static MagicCommand Create(string name, string mimeType, string description) => new(
        new Command(name, description),
        context =>
        {
            var bundle = new MimeBundle(new Dictionary<string, object> { [mimeType] = context.Body, ["text/plain"] = context.Body });
            context.Output.Display(bundle, displayId: null, update: false);
            return Task.FromResult<ExecutionOutcome?>(null);
        });
}
