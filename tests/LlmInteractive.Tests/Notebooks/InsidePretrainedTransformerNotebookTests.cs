namespace LlmInteractive.Tests.Notebooks;

/// <summary>
/// Notebook 06 runs in quick mode and its claims about MiniLM hold: the head patterns beside uniform attention, the
/// retrieval score beside chance and TF-IDF, and the ablations beside random heads. In its own file (not
/// NotebookTests.cs) so notebooks written in parallel do not collide; same category.
/// </summary>
[Trait("Category", "Notebooks")]
public class InsidePretrainedTransformerNotebookTests
{
    [Fact]
    public void MiniLm_heads_match_some_of_clark_et_al_its_embeddings_retrieve_by_chapter_and_targeted_ablation_is_no_worse_than_random()
    {
        var r = NotebookRun.Execute("06-inside-a-pretrained-transformer.ipynb").Results;
        Assert.Equal(1, r["quick"]);
        Assert.Equal(6, r["layers"]);
        Assert.Equal(12, r["heads_per_layer"]);
        Assert.Equal(150, r["sentences"]);

        // Uniform attention's values are what they must be for sentences of ~30 tokens.
        Assert.InRange(r["uniform_one_key_share"], 1 / r["mean_tokens"] * 0.5, 1 / r["mean_tokens"] * 2);
        Assert.InRange(r["uniform_entropy"], Math.Log(r["mean_tokens"]) - 0.5, Math.Log(r["mean_tokens"]) + 0.1);

        // Previous- and next-token heads: "about 30×" and "about 21×" uniform, one layer-0 head at ≈ 100 %.
        Assert.True(r["best_previous_share"] > 0.95, $"best previous-token share {r["best_previous_share"]:F3}");
        Assert.True(r["best_previous_ratio"] > 20, $"previous-token ratio {r["best_previous_ratio"]:F1}");
        Assert.Equal(0, r["best_previous_layer"]);
        Assert.True(r["best_next_share"] > 0.5 && r["best_next_ratio"] > 10, $"next-token share {r["best_next_share"]:F3}");
        // "About ten" heads over 5× uniform on a neighbour, almost all in layers 0–2; none reaches 2× in the last layer.
        Assert.InRange(r["heads_over_5x_neighbour"], 7, 13);
        Assert.True(r["heads_over_5x_neighbour_layers_0_to_2"] >= r["heads_over_5x_neighbour"] - 1);
        Assert.True(r["last_layer_max_neighbour_ratio"] < 2, $"last layer {r["last_layer_max_neighbour_ratio"]:F2}× uniform");

        // The sink is [CLS], not [SEP]: no head over half on [SEP], the mean [SEP] share below uniform; [CLS] far above.
        Assert.Equal(0, r["heads_over_half_sep"]);
        Assert.True(r["mean_sep_share"] < r["uniform_one_key_share"], $"mean [SEP] share {r["mean_sep_share"]:F3}");
        Assert.True(r["mean_cls_share"] > 5 * r["uniform_one_key_share"], $"mean [CLS] share {r["mean_cls_share"]:F3}");
        Assert.True(r["heads_over_half_cls"] >= 10, $"{r["heads_over_half_cls"]} heads over half on [CLS]");
        // "From layer 1 on, 29–47 % per layer (layer 0: 12 %)".
        Assert.True(r["cls_share_min_later_layer"] > 0.25 && r["cls_share_max_layer"] < 0.55);
        Assert.True(r["cls_share_first_layer"] < r["cls_share_min_later_layer"]);

        // Punctuation is weak: the best head a few times uniform, most heads below it.
        Assert.InRange(r["best_punctuation_ratio"], 2, 5);
        Assert.True(r["heads_below_uniform_punctuation"] > 36, $"{r["heads_below_uniform_punctuation"]} of 72 below uniform");

        // Broad heads approach ln T from below; the average head is far more focused.
        Assert.InRange(r["broadest_entropy"] / r["uniform_entropy"], 0.85, 1.0);
        Assert.True(r["mean_entropy"] < 0.7 * r["uniform_entropy"], $"mean entropy {r["mean_entropy"]:F2}");

        // Retrieval: MiniLM beats TF-IDF, which beats chance.
        Assert.True(r["retrieval_minilm"] > 3 * r["retrieval_chance"], $"MiniLM {r["retrieval_minilm"]:F3} vs chance {r["retrieval_chance"]:F3}");
        Assert.True(r["retrieval_minilm"] > r["retrieval_tfidf"] + 0.1, $"MiniLM {r["retrieval_minilm"]:F3} vs TF-IDF {r["retrieval_tfidf"]:F3}");
        Assert.True(r["retrieval_tfidf"] > r["retrieval_chance"]);

        // Ablation: the previous-token heads move the embeddings within the random draws' range; the [CLS] heads
        // less than every random draw; layer 0 more than every draw; retrieval changes by a few points at most.
        Assert.InRange(r["ablation_previous_cosine"], r["ablation_random_cosine_min"], r["ablation_random_cosine_max"]);
        Assert.True(r["ablation_cls_cosine"] > r["ablation_random_cosine_max"], $"[CLS] heads {r["ablation_cls_cosine"]:F4}");
        Assert.True(r["ablation_layer0_cosine"] < r["ablation_random_cosine_min"], $"layer 0 {r["ablation_layer0_cosine"]:F4}");
        foreach (var key in new[] { "ablation_previous_retrieval", "ablation_cls_retrieval", "ablation_random_retrieval_mean" })
            Assert.True(Math.Abs(r[key] - r["retrieval_minilm"]) <= 0.03, $"{key} {r[key]:F3} vs intact {r["retrieval_minilm"]:F3}");
        Assert.InRange(r["retrieval_minilm"] - r["ablation_layer0_retrieval"], 0, 0.08);

        // The neuron view's arithmetic: softmax(q·k/√d) from the captured vectors is the model's weight, and the
        // previous token's margin in the scaled score is what gives it nearly all the weight.
        Assert.True(r["neuron_recompute_error"] < 1e-5, $"recomputed weights differ by {r["neuron_recompute_error"]:E1}");
        Assert.True(r["neuron_previous_margin"] > 3, $"margin {r["neuron_previous_margin"]:F2}");
        Assert.True(r["neuron_previous_weight"] > 0.9 && r["neuron_previous_weight"] > 10 * r["neuron_uniform_weight"], $"weight {r["neuron_previous_weight"]:F3}");
    }
}
