using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Models;

/// <summary>
/// BERT's corruption for masked-LM training: pick each text token with probability <c>rate</c>; of those, 80% become
/// [MASK], 10% a random token, 10% stay (so the model cannot assume an unmasked token is always right).
/// Labels hold the original id at picked positions and <see cref="Bert.IgnoreIndex"/> elsewhere.
/// </summary>
public static class MaskedLanguageModeling
{
    public static (Tensor Inputs, Tensor Labels) Mask(Tensor ids, int vocabularySize, double rate = 0.15, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (rate is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(rate), $"rate must be in (0, 1] (got {rate}); BERT used 0.15.");
        if (vocabularySize <= BertVocabulary.SpecialTokenCount)
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), "vocabularySize must include the special tokens; use BertVocabulary.VocabSize.");
        using var scope = NewDisposeScope();
        // Random draws on the CPU so a seeded generator gives the same masks on any device.
        var cpuIds = ids.cpu();
        var draw = rand(cpuIds.shape, generator: generator);                             // (B, T) in [0, 1)
        var action = rand(cpuIds.shape, generator: generator);                           // (B, T): which corruption
        var randomTokens = randint(BertVocabulary.SpecialTokenCount, vocabularySize, cpuIds.shape, generator: generator);

        var picked = draw.lt(rate).logical_and(cpuIds.ge(BertVocabulary.SpecialTokenCount)); // never [PAD]/[CLS]/[SEP]
        var labels = cpuIds.masked_fill(picked.logical_not(), Bert.IgnoreIndex);
        var inputs = cpuIds.masked_fill(picked.logical_and(action.lt(0.8)), BertVocabulary.Mask);
        var randomize = picked.logical_and(action.ge(0.8)).logical_and(action.lt(0.9));
        inputs = where(randomize, randomTokens, inputs);
        return (inputs.to(ids.device).MoveToOuterDisposeScope(), labels.to(ids.device).MoveToOuterDisposeScope());
    }
}
