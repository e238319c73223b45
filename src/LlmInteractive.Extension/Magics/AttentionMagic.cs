using System.CommandLine;
using LlmInteractive.Evaluation;
using LlmInteractive.Kernel.Magics;
using LlmInteractive.Models;
using LlmInteractive.Views;

namespace LlmInteractive.Extension;

/// <summary><c>#!attention --model VAR [--tokenizer VAR] [--layer L] [--head H] TEXT</c>: the model's attention over a text.</summary>
static class AttentionMagic
{
    public static MagicCommand Create()
    {
        var model = MagicOptions.Model();
        var tokenizer = MagicOptions.Tokenizer();
        var layer = MagicOptions.Index("--layer", "Show only this layer (0-based); default: all layers.");
        var head = MagicOptions.Index("--head", "Show only this head (0-based); default: all heads.");
        var text = MagicText.Argument("TEXT", "The text the model reads.");
        var command = new Command("attention", "Show a model's attention weights over a text: one head, a layer's heads, or all layers × heads.")
        {
            model, tokenizer, layer, head, text,
        };
        return new MagicCommand(command, MagicHandlers.Guarded("attention", context =>
        {
            var args = context.Arguments;
            var lm = SessionLookup.Model(context.Session, args.GetValue(model)!);
            var tokenizerName = args.GetValue(tokenizer);
            // A pretrained model reads text only through its own tokenizer: use it unless another is named.
            var tok = tokenizerName is null && lm is IHasTokenizer own ? own.Tokenizer : SessionLookup.Tokenizer(context.Session, tokenizerName);
            var maps = Scoring.Attention(lm, tok, MagicText.Get(context, text));
            MagicOutput.Show(context, maps.View(args.GetValue(layer), args.GetValue(head)));
            return Task.FromResult<Kernel.Interpreter.ExecutionOutcome?>(null);
        }));
    }
}
