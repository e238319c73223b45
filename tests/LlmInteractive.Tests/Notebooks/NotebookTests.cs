namespace LlmInteractive.Tests.Notebooks;

/// <summary>
/// Each curated notebook runs top to bottom in quick mode and its reported numbers are right. Slow (up to ~3 minutes
/// each) and needs the datasets (bash environment/fetch-datasets.sh): run apart with --filter Category=Notebooks.
/// </summary>
[Trait("Category", "Notebooks")]
public class NotebookTests
{
    [Fact]
    public void Chain_rule_holds_exactly_for_counts_truncation_costs_nats_and_all_models_are_scored_on_the_same_text()
    {
        var r = NotebookRun.Execute("01-chain-rule.ipynb").Results;
        Assert.Equal(1, r["quick"]);

        // Section 2, the bookkeeping identity: the product of prefix-count ratios telescopes to the joint.
        Assert.Equal(256, r["ngram_sequences"]);
        Assert.Equal(1.0, r["ngram_total_probability"], 1e-9);
        Assert.True(r["ngram_max_abs_chain_minus_joint"] < 1e-12, $"n-gram gap {r["ngram_max_abs_chain_minus_joint"]}");

        // Section 3, the comparison that can fail: every truncated Q_n is a distribution, its KL to the joint is > 0
        // and shrinks with the order (about 3× from 1 to 2 and 6× from 2 to 3, as the text says), and the full prefix
        // (order 4) is the identity again.
        Assert.True(r["truncation_q_total_max_gap"] < 1e-9, $"some Q_n sums to 1 ± {r["truncation_q_total_max_gap"]}");
        Assert.Equal(r["truncation_kl_order2"], r["truncation_kl"]);
        Assert.True(r["truncation_kl"] > 0.01, $"bigram truncation KL {r["truncation_kl"]}");
        Assert.True(r["truncation_kl_order3"] > 1e-3, $"trigram truncation KL {r["truncation_kl_order3"]}");
        Assert.InRange(r["truncation_kl_order1"] / r["truncation_kl_order2"], 2.5, 3.5);
        Assert.InRange(r["truncation_kl_order2"] / r["truncation_kl_order3"], 5, 7);
        Assert.True(Math.Abs(r["truncation_kl_order4"]) < 1e-12, $"order-4 KL {r["truncation_kl_order4"]} should be rounding");

        // Section 4: one pass equals prefix by prefix to float32 rounding; causality; ln P(text) includes x_1.
        Assert.True(r["gpt_max_abs_log_prob_gap"] < 1e-4, $"GPT per-token gap {r["gpt_max_abs_log_prob_gap"]}");
        Assert.Equal(r["gpt_one_pass_log_probability"], r["gpt_prefix_by_prefix_log_probability"], 1e-3);
        Assert.True(r["scoring_max_abs_log_prob_gap"] < 1e-4, $"Scoring gap {r["scoring_max_abs_log_prob_gap"]}");
        Assert.True(r["causal_max_change_before_edit"] < 1e-5, $"earlier conditionals moved by {r["causal_max_change_before_edit"]}");
        Assert.True(r["causal_max_change_after_edit"] > 1e-2, "editing later tokens should change later conditionals");
        Assert.True(r["gpt_first_token_unigram_log_probability"] < 0);
        Assert.Equal(r["gpt_first_token_unigram_log_probability"] + r["gpt_one_pass_log_probability"], r["gpt_text_log_probability"], 1e-9);

        // Section 5: the GPT and every n-gram scored on the same validation characters (the sliding windows agree
        // with the one-pass scores where one window suffices).
        Assert.True(r["sliding_window_vs_one_pass_gap"] < 1e-5, $"sliding windows differ from one pass by {r["sliding_window_vs_one_pass_gap"]}");
        Assert.Equal(19_999, r["validation_characters_scored_gpt"]);
        Assert.Equal(r["validation_characters_scored_gpt"], r["validation_characters_scored_ngram"]);
        Assert.Equal(r["validation_characters_scored_gpt"], r["validation_characters_scored_ngram_max"]);
        Assert.Equal(Math.Exp(r["validation_cross_entropy_nats"]), r["validation_perplexity"], 1e-9);
        Assert.Equal(r["validation_cross_entropy_nats"] / Math.Log(2), r["validation_bits_per_token"], 1e-9);
        // Context pays up to order 5, then sparsity wins: the 6-gram is worse than the best order.
        double[] ngram = [r["unigram_cross_entropy_nats"], r["ngram2_cross_entropy_nats"], r["ngram3_cross_entropy_nats"],
                          r["ngram4_cross_entropy_nats"], r["ngram5_cross_entropy_nats"], r["ngram6_cross_entropy_nats"]];
        Assert.True(r["uniform_cross_entropy_nats"] > ngram[0], "the unigram should beat the uniform guess");
        for (var n = 1; n < 5; n++) Assert.True(ngram[n] < ngram[n - 1], $"order {n + 1} ({ngram[n]}) should beat order {n} ({ngram[n - 1]})");
        Assert.Equal(5, r["best_ngram_order"]);
        Assert.True(ngram[5] > ngram[4] + 0.05, $"the 6-gram ({ngram[5]}) should be visibly worse than the 5-gram ({ngram[4]})");
        // ... because its contexts are sparse: the share seen under 5 times grows with the order and about triples from 5 to 6.
        for (var n = 3; n <= 6; n++)
            Assert.True(r[$"ngram{n}_rare_context_share"] > r[$"ngram{n - 1}_rare_context_share"], $"rare contexts should grow with the order at {n}");
        Assert.InRange(r["ngram6_rare_context_share"] / r["ngram5_rare_context_share"], 2, 4);
        // The quick GPT beats unigram, bigram and trigram but not the best n-gram — what the text says.
        var gpt = r["validation_cross_entropy_nats"];
        Assert.True(gpt < r["unigram_cross_entropy_nats"] - 0.5, $"GPT {gpt} nats should beat the unigram baseline {r["unigram_cross_entropy_nats"]} clearly");
        Assert.True(gpt < r["ngram2_cross_entropy_nats"] - 0.2, $"GPT {gpt} should beat the bigram {r["ngram2_cross_entropy_nats"]}");
        Assert.True(gpt < r["ngram3_cross_entropy_nats"], $"GPT {gpt} should beat the trigram {r["ngram3_cross_entropy_nats"]}");
        Assert.InRange(r["gpt_minus_best_ngram_nats"], 0.1, 0.4);   // "about a quarter of a nat" behind the 5-gram
        Assert.Equal(r["gpt_minus_best_ngram_nats"], gpt - r["best_ngram_cross_entropy_nats"], 1e-9);

        // Section 6: what each sampling knob does.
        Assert.True(r["sample_greedy_repeated_8grams"] > 0.5, $"greedy should loop; repeated share {r["sample_greedy_repeated_8grams"]}");
        Assert.True(r["sample_real_repeated_8grams"] < 0.05, $"real text repeats {r["sample_real_repeated_8grams"]}");
        Assert.True(r["sample_greedy_distinct_chars"] < r["sample_real_distinct_chars"], "greedy should use fewer characters than real text");
        Assert.True(r["sample_greedy_distinct_chars"] < r["sample_t05_distinct_chars"]
                    && r["sample_t05_distinct_chars"] < r["sample_t1_distinct_chars"]
                    && r["sample_t1_distinct_chars"] < r["sample_t15_distinct_chars"], "variety should grow with the temperature");
        Assert.True(r["sample_t05_model_nats"] < r["sample_t1_model_nats"] && r["sample_t1_model_nats"] < r["sample_t15_model_nats"],
            "surprise should grow with the temperature");
        Assert.True(r["sample_t15_model_nats"] > r["sample_real_model_nats"], "τ = 1.5 text should surprise the model more than real text");
        foreach (var cut in new[] { "topk5", "topp09" })
        {
            Assert.InRange(r[$"sample_{cut}_model_nats"], r["sample_t05_model_nats"], r["sample_t1_model_nats"]);
            Assert.True(r[$"sample_{cut}_repeated_8grams"] < 0.1, $"{cut} should not loop like greedy");
        }

        // Section 7: coloured linearly most characters would be red; in bits only a minority, and the small model
        // does not copy the repeated phrase.
        Assert.True(r["probs_view_linear_red_half_share"] > 0.7, $"linear red share {r["probs_view_linear_red_half_share"]}");
        Assert.True(r["probs_view_surprisal_red_half_share"] < 0.4, $"surprisal red share {r["probs_view_surprisal_red_half_share"]}");
        Assert.True(r["repeat_second_occurrence_bits"] > 0.8 * r["repeat_first_occurrence_bits"],
            $"the quick model should not copy yet: {r["repeat_first_occurrence_bits"]} vs {r["repeat_second_occurrence_bits"]} bits");
    }

    [Fact]
    public void Scaling_law_fit_finds_the_entropy_floor_of_the_markov_source()
    {
        var r = NotebookRun.Execute("05-scaling-laws.ipynb").Results;

        Assert.True(r["parameter_span_orders"] >= 1.5, $"the sweep spans only {r["parameter_span_orders"]:F2} orders of magnitude");
        // The stated tolerance is 0.03 nats; the fit must land inside it.
        Assert.Equal(0.03, r["markov_floor_tolerance"]);
        Assert.True(Math.Abs(r["markov_floor_gap"]) <= r["markov_floor_tolerance"],
            $"fitted E {r["markov_fit_E"]:F4} vs entropy rate {r["markov_entropy_rate"]:F4}");
        // No model beats the entropy rate by more than sampling noise, and the largest gets close to it.
        Assert.True(r["markov_best_loss"] > r["markov_entropy_rate"] - 0.02, $"best loss {r["markov_best_loss"]} is below the floor");
        Assert.True(r["markov_best_loss"] < r["markov_entropy_rate"] + 0.05, $"best loss {r["markov_best_loss"]} is far above the floor");
        Assert.True(r["markov_smallest_model_loss"] > r["markov_best_loss"] + 0.05, "the smallest model should be visibly worse");
        Assert.True(r["moby_smallest_model_loss"] > r["moby_best_loss"], "bigger models should reach lower loss on Moby Dick");
        Assert.True(r["moby_fit_alpha"] > 0);
        Assert.True(r["markov_tokens_per_parameter"] > 0 && double.IsFinite(r["markov_tokens_per_parameter"]));
    }

    [Fact]
    public void Attention_from_scratch_matches_the_fused_kernel_and_the_scaling_keeps_variance_at_one()
    {
        var r = NotebookRun.Execute("02-attention.ipynb").Results;

        Assert.True(r["fused_gap_bidirectional"] < 1e-5, $"bidirectional gap {r["fused_gap_bidirectional"]}");
        Assert.True(r["fused_gap_causal"] < 1e-5, $"causal gap {r["fused_gap_causal"]}");
        Assert.InRange(r["dot_variance_over_d_at_1024"], 0.9, 1.1);
        Assert.InRange(r["scaled_dot_variance_at_1024"], 0.9, 1.1);
        Assert.True(r["max_weight_unscaled_at_1024"] > 0.8 && r["max_weight_scaled_at_1024"] < 0.5, "scaling should prevent saturation");
        Assert.True(r["mha_fused_vs_explicit_gap"] < 1e-5);
        Assert.True(r["mha_row_sum_gap"] < 1e-5);
        Assert.Equal(0, r["mha_future_weight"]);
        Assert.True(r["position_offset_dependence"] < 1e-3, $"PE dot products vary with position by {r["position_offset_dependence"]}");
        Assert.True(r["previous_token_head_weight"] > r["uniform_previous_weight"], "some head should attend to the previous character more than chance");
        Assert.Equal(4, r["attention_heads"]);
    }

    [Fact]
    public void Masking_follows_the_bert_recipe_and_the_encoder_beats_the_unigram_baseline()
    {
        var r = NotebookRun.Execute("03-masked-lm-pretraining.ipynb").Results;

        Assert.True(r["masked_positions_counted"] > 5000, "too few selected positions to check the statistics");
        Assert.InRange(r["selected_share"], 0.14, 0.16);
        Assert.InRange(r["mask_share"], 0.77, 0.83);
        Assert.InRange(r["random_share"], 0.08, 0.12);
        Assert.InRange(r["unchanged_share"], 0.08, 0.12);
        Assert.True(r["loss_library_vs_formula_gap"] < 1e-4, $"MLM loss gap {r["loss_library_vs_formula_gap"]}");
        Assert.InRange(r["untrained_loss"], 4.0, 5.0); // ≈ ln 93 for an untrained encoder
        Assert.True(r["mlm_accuracy"] > r["unigram_baseline_accuracy"],
            $"MLM accuracy {r["mlm_accuracy"]:F4} should beat the unigram baseline {r["unigram_baseline_accuracy"]:F4}");
        Assert.True(r["mlm_cross_entropy"] < r["unigram_cross_entropy"]);
        Assert.True(r["rightward_attention_share"] > 0.2, "a bidirectional encoder attends to the right too");
    }

    [Fact]
    public void Fine_tuning_regimes_report_metrics_and_lora_trains_a_small_share()
    {
        var r = NotebookRun.Execute("04-fine-tuning.ipynb").Results;

        Assert.True(r["lora_trainable_share"] < 0.05, $"LoRA trains {100 * r["lora_trainable_share"]:F2}% of the parameters");
        Assert.True(r["linear_probe_trainable_share"] < r["lora_trainable_share"]);
        Assert.True(r["lora_trainable_share"] < r["full_fine_tuning_trainable_share"]);
        foreach (var regime in new[] { "from_scratch", "linear_probe", "full_fine_tuning", "lora" })
        {
            double precision = r[$"{regime}_precision"], recall = r[$"{regime}_recall"];
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            Assert.Equal(f1, r[$"{regime}_f1"], 1e-9);
            Assert.True(r[$"{regime}_accuracy"] >= r["majority_accuracy"] - 0.02,
                $"{regime} accuracy {r[$"{regime}_accuracy"]:F3} is worse than always answering 'ham' ({r["majority_accuracy"]:F3})");
        }
        Assert.True(new[] { "from_scratch", "full_fine_tuning" }.Max(k => r[$"{k}_accuracy"]) > r["majority_accuracy"] + 0.05,
            "a fully trained classifier should clearly beat the majority class");
    }
}
