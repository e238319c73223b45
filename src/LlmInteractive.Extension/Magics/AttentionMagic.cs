using System.CommandLine;
using LlmInteractive.Evaluation;
using LlmInteractive.Interpretability;
using LlmInteractive.Kernel.Magics;
using LlmInteractive.Models;
using LlmInteractive.Views;

namespace LlmInteractive.Extension;

/// <summary>
/// <c>#!attention --model VAR [--tokenizer VAR] [--layer L] [--head H] [--view heatmap|head|neuron] [--query Q] TEXT</c>:
/// the model's attention over a text, as heatmaps (one head, a layer, or the layers × heads model view), bertviz's head
/// view of a layer, or the neuron view of one head for query token Q.
/// </summary>
static class AttentionMagic
{
    public static MagicCommand Create()
    {
        var model = MagicOptions.Model();
        var tokenizer = MagicOptions.Tokenizer();
        var layer = MagicOptions.Index("--layer", "Show only this layer (0-based); default: all layers.");
        var head = MagicOptions.Index("--head", "Show only this head (0-based); default: all heads.");
        var view = new Option<string>("--view")
        {
            Description = "heatmap (default: one head, a layer, or all layers × heads), head (bertviz's head view of --layer) or neuron (q, k and the softmax of --head in --layer for --query).",
            DefaultValueFactory = _ => "heatmap",
        };
        view.AcceptOnlyFromAmong("heatmap", "head", "neuron");
        var query = MagicOptions.Index("--query", "The query token (0-based) of the neuron view; default: the middle token.");
        var text = MagicText.Argument("TEXT", "The text the model reads.");
        var command = new Command("attention", "Show a model's attention weights over a text: one head, a layer's heads, or all layers × heads.")
        {
            model, tokenizer, layer, head, view, query, text,
        };
        return new MagicCommand(command, MagicHandlers.Guarded("attention", context =>
        {
            var args = context.Arguments;
            var lm = SessionLookup.Model(context.Session, args.GetValue(model)!);
            var tokenizerName = args.GetValue(tokenizer);
            // A pretrained model reads text only through its own tokenizer: use it unless another is named.
            var tok = tokenizerName is null && lm is IHasTokenizer own ? own.Tokenizer : SessionLookup.Tokenizer(context.Session, tokenizerName);
            var input = MagicText.Get(context, text);
            switch (args.GetValue(view))
            {
                case "head":
                    MagicOutput.Show(context, Scoring.Attention(lm, tok, input).HeadView(args.GetValue(layer) ?? 0));
                    break;
                case "neuron":
                    var vectors = QueryKeyCapture.Capture(lm, tok, input);
                    MagicOutput.Show(context, vectors.NeuronView(args.GetValue(layer) ?? 0, args.GetValue(head) ?? 0, args.GetValue(query) ?? vectors.Tokens.Count / 2));
                    break;
                default:
                    MagicOutput.Show(context, Scoring.Attention(lm, tok, input).View(args.GetValue(layer), args.GetValue(head)));
                    break;
            }
            return Task.FromResult<Kernel.Interpreter.ExecutionOutcome?>(null);
        }));
    }
}
