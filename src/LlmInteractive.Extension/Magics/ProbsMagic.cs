using System.CommandLine;
using LlmInteractive.Evaluation;
using LlmInteractive.Kernel.Magics;

namespace LlmInteractive.Extension;

/// <summary><c>#!probs --model VAR [--tokenizer VAR] [--top-k K] TEXT</c>: the probability the model gives each token of a text.</summary>
static class ProbsMagic
{
    public static MagicCommand Create()
    {
        var model = MagicOptions.Model();
        var tokenizer = MagicOptions.Tokenizer();
        var topK = MagicOptions.Positive("--top-k", "How many most likely alternatives to show per token.", 5);
        var text = MagicText.Argument("TEXT", "The text to score.");
        var command = new Command("probs", "Score a text: each token's probability given the ones before it, surprisal, perplexity and bits per token.")
        {
            model, tokenizer, topK, text,
        };
        return new MagicCommand(command, MagicHandlers.Guarded("probs", context =>
        {
            var args = context.Arguments;
            var lm = SessionLookup.Model(context.Session, args.GetValue(model)!);
            var scored = Scoring.Score(lm, SessionLookup.Tokenizer(context.Session, args.GetValue(tokenizer)), MagicText.Get(context, text), args.GetValue(topK));
            MagicOutput.Show(context, scored);
            return Task.FromResult<Kernel.Interpreter.ExecutionOutcome?>(null);
        }));
    }
}
