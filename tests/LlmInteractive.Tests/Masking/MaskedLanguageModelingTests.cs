using LlmInteractive.Data;
using LlmInteractive.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Masking;

public sealed class MaskedLanguageModelingTests
{
    // Ids 0..3 are [PAD] [CLS] [SEP] [MASK]; 4..999 are ordinary tokens.
    static readonly MaskingOptions options = new(MaskTokenId: 3, VocabularySize: 1000, SpecialTokenIds: [0, 1, 2, 3]);

    static Tensor Sequences(int rows, int length, int seed)
    {
        using var generator = new Generator((ulong)seed);
        var ids = torch.randint(4, 1000, [rows, length], dtype: int64, generator: generator);
        ids[.., 0] = torch.tensor(1L);            // [CLS] first
        ids[.., length - 1] = torch.tensor(2L);   // [SEP] last
        ids[.., (length - 9)..(length - 1)] = torch.tensor(0L);   // padding before it
        return ids;
    }

    [Fact]
    public void Selection_and_replacement_follow_the_15_80_10_10_recipe()
    {
        var ids = Sequences(rows: 200, length: 128, seed: 1);   // 25 600 tokens, 23 800 ordinary
        using var generator = new Generator(42);
        var batch = MaskedLanguageModeling.Mask(ids, options, generator);

        var ordinary = ids.ge(4);
        var selected = batch.Labels.ne(MaskedLanguageModeling.IgnoreIndex);
        double ordinaryCount = ordinary.sum().item<long>();
        double selectedCount = selected.sum().item<long>();
        double masked = selected.logical_and(batch.Inputs.eq(3)).sum().item<long>();
        double replaced = selected.logical_and(batch.Inputs.ne(3)).logical_and(batch.Inputs.ne(ids)).sum().item<long>();
        double kept = selected.logical_and(batch.Inputs.eq(ids)).sum().item<long>();

        Assert.InRange(selectedCount / ordinaryCount, 0.14, 0.16);
        Assert.InRange(masked / selectedCount, 0.78, 0.82);
        Assert.InRange(replaced / selectedCount, 0.085, 0.115);
        Assert.InRange(kept / selectedCount, 0.085, 0.115);

        // Special positions are never selected or changed; labels hold the original id exactly where selected.
        Assert.False(selected.logical_and(ordinary.logical_not()).any().item<bool>());
        Assert.True(batch.Inputs.where(ordinary.logical_not(), ids).SameAs(ids));
        Assert.True(batch.Labels.where(selected, ids).SameAs(ids));
        // Unselected positions are left as they were, and random replacements are ordinary tokens.
        Assert.True(batch.Inputs.where(selected.logical_not(), ids).SameAs(ids));
        Assert.True(batch.Inputs.where(selected.logical_and(batch.Inputs.ne(3)), torch.full_like(ids, 4)).ge(4).all().item<bool>());
        // The caller's tensor is not modified.
        Assert.True(ids.SameAs(Sequences(200, 128, 1)));
    }

    [Fact]
    public void The_same_generator_seed_gives_the_same_masking()
    {
        var ids = Sequences(4, 32, seed: 2);
        using var a = new Generator(7);
        using var b = new Generator(7);
        Assert.True(MaskedLanguageModeling.Mask(ids, options, a).Inputs.SameAs(MaskedLanguageModeling.Mask(ids, options, b).Inputs));
    }

    [Fact]
    public void The_loss_counts_only_selected_positions()
    {
        var labels = torch.tensor(new long[] { -100, 5, -100, 7 }).view(1, 4);
        var logits = torch.randn(1, 4, 10);
        var expected = nn.functional.cross_entropy(logits[0, TensorIndex.Tensor(torch.tensor(new long[] { 1, 3 }))],
            torch.tensor(new long[] { 5, 7 })).item<float>();

        Assert.Equal(expected, MaskedLanguageModeling.Loss(logits, labels).item<float>(), 5);

        var changedElsewhere = logits.clone();
        changedElsewhere[0, 0] = torch.randn(10);
        changedElsewhere[0, 2] = torch.randn(10);
        Assert.Equal(expected, MaskedLanguageModeling.Loss(changedElsewhere, labels).item<float>(), 5);
    }

    [Fact]
    public void A_batch_with_nothing_selected_has_zero_loss_not_nan()
    {
        var labels = torch.full(new long[] { 2, 3 }, MaskedLanguageModeling.IgnoreIndex, dtype: int64);
        var logits = torch.randn(2, 3, 10, requires_grad: true);
        var loss = MaskedLanguageModeling.Loss(logits, labels);

        Assert.Equal(0f, loss.item<float>());
        loss.backward();   // still part of the graph
    }

    [Fact]
    public void Bad_options_are_refused_with_the_fix()
    {
        var ids = Sequences(2, 16, seed: 3);
        var error = Assert.Throws<ArgumentException>(() => MaskedLanguageModeling.Mask(ids, options with { SpecialTokenIds = [0, 1, 2] }));
        Assert.Contains("must include MaskTokenId", error.Message);
        error = Assert.Throws<ArgumentException>(() => MaskedLanguageModeling.Mask(ids, options with { MaskTokenId = 5000 }));
        Assert.Contains("outside the vocabulary", error.Message);
        error = Assert.Throws<ArgumentException>(() => MaskedLanguageModeling.Mask(ids.to(int32), options));
        Assert.Contains("int64", error.Message);
    }
}
