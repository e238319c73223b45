using System.CommandLine;
using System.Diagnostics;
using LlmInteractive.Generation;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Kernel.Magics;
using LlmInteractive.Views;

namespace LlmInteractive.Extension;

/// <summary>
/// <c>#!generate --model VAR [--tokenizer VAR] [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] [--seed S] PROMPT</c>:
/// streams the continuation into one output that updates in place, then replaces it with the token-probability view.
/// </summary>
static class GenerateMagic
{
    /// <summary>Shortest time between two live updates (front ends redraw at most a few times a second).</summary>
    static readonly TimeSpan UpdateInterval = TimeSpan.FromMilliseconds(200);

    public static MagicCommand Create()
    {
        var model = MagicOptions.Model();
        var tokenizer = MagicOptions.Tokenizer();
        var maxTokens = MagicOptions.Positive("--max-tokens", "Tokens to generate.", 50);
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature; 0 is greedy.", DefaultValueFactory = _ => 1.0 };
        temperature.Validators.Add(r => { if (!(r.GetValueOrDefault<double>() >= 0)) r.AddError("--temperature must be 0 (greedy) or positive."); });
        var topK = new Option<int?>("--top-k") { Description = "Sample among the K most likely tokens only." };
        topK.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--top-k must be 1 or more."); });
        var topP = new Option<double?>("--top-p") { Description = "Nucleus sampling: the most likely tokens covering probability P, in (0, 1]." };
        topP.Validators.Add(r => { if (r.GetValueOrDefault<double?>() is { } p && !(p > 0 && p <= 1)) r.AddError("--top-p must be in (0, 1]."); });
        var seed = new Option<int?>("--seed") { Description = "Same seed, model and prompt → same text." };
        var prompt = MagicText.Argument("PROMPT", "The text to continue.");
        var command = new Command("generate", "Generate a continuation of a prompt, token by token, live; then show each token's probability.")
        {
            model, tokenizer, maxTokens, temperature, topK, topP, seed, prompt,
        };
        return new MagicCommand(command, MagicHandlers.Guarded("generate", context =>
        {
            var args = context.Arguments;
            var lm = SessionLookup.Model(context.Session, args.GetValue(model)!);
            var tok = SessionLookup.Tokenizer(context.Session, args.GetValue(tokenizer));
            var text = MagicText.Get(context, prompt);
            var options = new GenerationOptions(args.GetValue(maxTokens), args.GetValue(temperature), args.GetValue(topK), args.GetValue(topP), args.GetValue(seed));

            var displayId = Guid.NewGuid().ToString("N");
            var tokens = new List<string>();
            context.Output.Display(MimeBundles.From(new GenerationStream(text, tokens.ToArray(), options.MaxTokens)), displayId, update: false);
            var sinceUpdate = Stopwatch.StartNew();
            var result = TextGenerator.Generate(lm, tok, text, options, token =>
            {
                tokens.Add(token.Text);
                if (sinceUpdate.Elapsed < UpdateInterval) return;
                context.Output.Display(MimeBundles.From(new GenerationStream(text, tokens.ToArray(), options.MaxTokens)), displayId, update: true);
                sinceUpdate.Restart();
            }, context.Cancellation);
            context.Output.Display(MimeBundles.From(result), displayId, update: true);
            return Task.FromResult<Kernel.Interpreter.ExecutionOutcome?>(null);
        }));
    }
}
