using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Data;

/// <summary>How masked-LM corruption works (BERT, Devlin et al. 2019).</summary>
/// <param name="MaskTokenId">Id of the [MASK] token.</param>
/// <param name="VocabularySize">Random replacements are drawn from 0 .. VocabularySize − 1, special tokens excluded.</param>
/// <param name="SpecialTokenIds">Ids never selected and never drawn as replacements ([PAD], [CLS], [SEP], [MASK] ...).</param>
public sealed record MaskingOptions(int MaskTokenId, int VocabularySize, IReadOnlyList<int> SpecialTokenIds)
{
    /// <summary>Share of ordinary positions selected for prediction.</summary>
    public double SelectProbability { get; init; } = 0.15;

    /// <summary>Share of selected positions replaced by [MASK].</summary>
    public double MaskFraction { get; init; } = 0.8;

    /// <summary>Share of selected positions replaced by a random ordinary token (the rest keep their token).</summary>
    public double RandomFraction { get; init; } = 0.1;
}

/// <summary>A corrupted batch: model inputs and labels (the original id where selected, −100 elsewhere).</summary>
public sealed record MaskedBatch(Tensor Inputs, Tensor Labels);

/// <summary>
/// BERT's masked-language-modelling corruption: of the non-special positions 15 % are selected; of those 80 % become
/// [MASK], 10 % a random token and 10 % stay as they are, so the model cannot tell which visible tokens to distrust.
/// </summary>
public static class MaskedLanguageModeling
{
    /// <summary>Label value <c>cross_entropy</c> skips: positions that are not predicted.</summary>
    public const long IgnoreIndex = -100;

    /// <summary>Corrupts <paramref name="ids"/> (int64, any shape); the input tensor is left unchanged.</summary>
    public static MaskedBatch Mask(Tensor ids, MaskingOptions options, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Validate(ids, options);

        using var scope = NewDisposeScope();
        var device = ids.device;
        var special = torch.tensor(options.SpecialTokenIds.Select(i => (long)i).ToArray(), device: device);
        var isSpecial = torch.isin(ids, special);

        // One uniform draw per position decides everything: u < p·f_mask → [MASK], then random, then keep.
        var u = torch.rand(ids.shape, device: device, generator: generator);
        var selected = (u < options.SelectProbability).logical_and(isSpecial.logical_not());
        var maskCut = options.SelectProbability * options.MaskFraction;
        var randomCut = maskCut + options.SelectProbability * options.RandomFraction;
        var toMask = selected.logical_and(u < maskCut);
        var toRandom = selected.logical_and(u >= maskCut).logical_and(u < randomCut);

        // Replacement ids come only from ordinary tokens, so a random draw never invents a [CLS] or [PAD].
        var ordinary = OrdinaryIds(options, device);
        var pick = torch.randint(ordinary.shape[0], ids.shape, dtype: int64, device: device, generator: generator);
        var randomTokens = ordinary.take(pick);

        var inputs = ids.clone();
        inputs = torch.where(toMask, torch.full_like(ids, options.MaskTokenId), inputs);
        inputs = torch.where(toRandom, randomTokens, inputs);
        var labels = torch.where(selected, ids, torch.full_like(ids, IgnoreIndex));
        return new MaskedBatch(inputs.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>Mean cross-entropy over the selected positions only. Logits (…, V), labels (…) with −100 where ignored.</summary>
    public static Tensor Loss(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        var vocabulary = logits.size(-1);
        var flatLabels = labels.reshape(-1);
        var total = nn.functional.cross_entropy(
            logits.reshape(-1, vocabulary), flatLabels, ignore_index: IgnoreIndex, reduction: nn.Reduction.Sum);
        // Dividing by max(count, 1) instead of using reduction Mean keeps a batch with nothing selected at loss 0, not NaN
        // (which the trainer would take for divergence), without reading the count back to the host.
        var count = flatLabels.ne(IgnoreIndex).sum().clamp_min(1).to(total.dtype);
        return total / count;
    }

    static Tensor OrdinaryIds(MaskingOptions options, Device device)
    {
        var specials = options.SpecialTokenIds.ToHashSet();
        var ids = Enumerable.Range(0, options.VocabularySize).Where(i => !specials.Contains(i)).Select(i => (long)i).ToArray();
        return torch.tensor(ids, device: device);
    }

    static void Validate(Tensor ids, MaskingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ids.dtype != int64)
            throw new ArgumentException($"Token ids must be int64, got {ids.dtype}; convert with ids.to(torch.int64).", nameof(ids));
        if (options.MaskTokenId < 0 || options.MaskTokenId >= options.VocabularySize)
            throw new ArgumentException(
                $"MaskTokenId {options.MaskTokenId} is outside the vocabulary 0..{options.VocabularySize - 1}; add a [MASK] token to the tokenizer.", nameof(options));
        if (!options.SpecialTokenIds.Contains(options.MaskTokenId))
            throw new ArgumentException("SpecialTokenIds must include MaskTokenId, or [MASK] itself could be selected and replaced.", nameof(options));
        if (options.SpecialTokenIds.Distinct().Count() >= options.VocabularySize)
            throw new ArgumentException("Every token is special: there is nothing to mask or to draw as a random replacement.", nameof(options));
        if (options.SelectProbability is <= 0 or > 1)
            throw new ArgumentException($"SelectProbability is {options.SelectProbability}; it must be in (0, 1], typically 0.15.", nameof(options));
        if (options.MaskFraction < 0 || options.RandomFraction < 0 || options.MaskFraction + options.RandomFraction > 1)
            throw new ArgumentException(
                $"MaskFraction ({options.MaskFraction}) and RandomFraction ({options.RandomFraction}) must be non-negative and sum to at most 1.", nameof(options));
    }
}
