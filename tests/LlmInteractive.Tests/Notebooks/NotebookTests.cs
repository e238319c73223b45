namespace LlmInteractive.Tests.Notebooks;

/// <summary>
/// Each curated notebook runs top to bottom in quick mode and its reported numbers are right. Slow (up to ~3 minutes
/// each) and needs the datasets (bash environment/fetch-datasets.sh): run apart with --filter Category=Notebooks.
/// </summary>
[Trait("Category", "Notebooks")]
public class NotebookTests
{
    // 05's quick run, shared by its two tests: the sweep test compares against it instead of training it again.
    static readonly Lazy<IReadOnlyDictionary<string, double>> ScalingLaws = new(() => NotebookRun.Execute("05-scaling-laws.ipynb").Results);

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
        var r = ScalingLaws.Value;
        Assert.Equal(0, r["runs_from_sweep"]);

        // Iso-FLOP (Approach 2): several budgets with a valley, and the compute-optimal size grows with the budget.
        Assert.True(r["budgets"] >= 3 && r["isoflop_profiles_with_minimum"] >= 3, $"{r["isoflop_profiles_with_minimum"]} profiles with a minimum");
        Assert.Equal(1, r["isoflop_optimum_grows_with_compute"]);
        for (int i = 1; i < r["isoflop_profiles_with_minimum"]; i++)
            Assert.True(r[$"budget_{i}_optimal_parameters"] > r[$"budget_{i - 1}_optimal_parameters"],
                $"N_opt at budget {i} ({r[$"budget_{i}_optimal_parameters"]:N0}) should exceed budget {i - 1}'s");
        Assert.True(r["isoflop_exponent"] > 0, $"a = {r["isoflop_exponent"]}");
        Assert.Equal(0.49, r["chinchilla_exponent"]);
        // Every budget's best run lies above the floor but below the no-context (unigram) baseline.
        for (int i = 0; i < r["profiles"]; i++)
            Assert.InRange(r[$"budget_{i}_best_run_loss"], r["entropy_rate"] - 0.01, r["markov_unigram_loss"]);

        // Held-out extrapolation: predicted before training, within the tolerance stated up front, and better than
        // the naive guesses ("no further gain", "the floor").
        Assert.True(r["extrapolation_tolerance"] > 0 && r["extrapolation_tolerance"] <= 0.02, "the notebook states a tight tolerance");
        Assert.True(Math.Abs(r["predicted_loss"] - r["measured_loss"]) <= r["extrapolation_tolerance"],
            $"predicted {r["predicted_loss"]:F4}, measured {r["measured_loss"]:F4}, tolerance {r["extrapolation_tolerance"]}");
        Assert.Equal(r["measured_loss"] - r["predicted_loss"], r["extrapolation_error"], 1e-12);
        Assert.True(Math.Abs(r["extrapolation_error"]) < Math.Abs(r["no_gain_baseline_error"]), "the law should beat 'no further gain'");
        Assert.True(Math.Abs(r["extrapolation_error"]) < Math.Abs(r["floor_guess_error"]), "the law should beat 'the loss will be H'");
        Assert.True(r["held_out_budget"] > r["largest_budget"], "the held-out run must lie beyond the fitted budgets");
        Assert.True(r["measured_loss"] < r["best_isoflop_loss"], "more compute should buy a lower loss");
        Assert.True(r["measured_loss"] > r["entropy_rate"] - 0.01, "no model beats the entropy rate by more than sampling noise");

        // The free fit's floor: either near the known entropy rate or flagged as impossible.
        Assert.True(r["fitted_floor"] >= r["entropy_rate"] - r["floor_tolerance"] || r["fitted_floor_flagged"] == 1,
            $"fitted floor {r["fitted_floor"]:F4} below H = {r["entropy_rate"]:F4} without a flag");
        Assert.Equal(r["fitted_floor"] < r["entropy_rate"] ? 1 : 0, r["fitted_floor_flagged"]);
        Assert.InRange(r["true_chain_validation_loss"], r["entropy_rate"] - 0.03, r["entropy_rate"] + 0.03);

        // Baselines beside the numbers: the n-gram references are ordered and the Moby Dick models beat unigrams.
        Assert.True(r["markov_bigram_loss"] < r["markov_unigram_loss"]);
        Assert.True(r["moby_trigram_loss"] < r["moby_bigram_loss"] && r["moby_bigram_loss"] < r["moby_unigram_loss"]);
        Assert.True(r["moby_best_loss"] < r["moby_unigram_loss"], "the Moby Dick models should beat the unigram baseline");
    }

    [Fact]
    public void Scaling_laws_fitted_from_a_local_sweep_of_its_points_are_the_in_process_numbers()
    {
        var inProcess = ScalingLaws.Value;
        string sweepFolder = Directory.CreateTempSubdirectory("llmi-sweep-05-").FullName;
        try
        {
            // One point per shape of 05's quick family, each trained at every budget in its own process (05-scaling-laws-point).
            var sweep = NotebookRun.Cli(["sweep", "05-scaling-laws-point.ipynb", "--grid", "layers=1", "--grid", "width=8,12,16,24,32,48,64,96", "--out", sweepFolder]);
            Assert.True(sweep.ExitCode == 0, sweep.Log);
            var collect = NotebookRun.Cli(["sweep", "collect", sweepFolder]);
            Assert.True(collect.ExitCode == 0, collect.Log);
            Assert.Equal(8, LlmInteractive.Experiments.SweepResults.Read(sweepFolder).Rows.Count);

            var fromSweep = NotebookRun.Execute("05-scaling-laws.ipynb", $"sweepFolder={sweepFolder}").Results;

            Assert.Equal(1, fromSweep["runs_from_sweep"]);
            Assert.Equal(inProcess.Keys.Order(), fromSweep.Keys.Order());
            // Same seeds, one torch thread each, the same recipe code: every run's loss, and so every fit, is bit-identical.
            // Only the wall time differs, and the flag saying where the runs came from.
            foreach (var (key, value) in inProcess)
                if (key is not ("training_seconds" or "runs_from_sweep"))
                    Assert.True(value.Equals(fromSweep[key]), $"{key}: in-process {value:R}, from the sweep {fromSweep[key]:R}");
        }
        finally
        {
            Directory.Delete(sweepFolder, recursive: true);
        }
    }

    [Fact]
    public void Attention_from_scratch_matches_the_fused_kernel_and_sinusoids_train_as_well_as_learned_positions()
    {
        var r = NotebookRun.Execute("02-attention.ipynb").Results;

        Assert.True(r["fused_gap_bidirectional"] < 1e-5, $"bidirectional gap {r["fused_gap_bidirectional"]}");
        Assert.True(r["fused_gap_causal"] < 1e-5, $"causal gap {r["fused_gap_causal"]}");
        Assert.InRange(r["dot_variance_over_d_at_1024"], 0.9, 1.1);
        Assert.InRange(r["scaled_dot_variance_at_1024"], 0.9, 1.1);
        Assert.True(r["max_weight_unscaled_at_1024"] > 0.8 && r["max_weight_scaled_at_1024"] < 0.5, "scaling should prevent saturation");
        // The gradient claim: unscaled scores shrink the softmax Jacobian several-fold; scaled ones keep it near a uniform row's.
        Assert.True(r["jacobian_formula_gap"] < 1e-5);
        Assert.True(r["jacobian_norm_unscaled_at_1024"] < r["jacobian_norm_scaled_at_1024"] / 3,
            $"unscaled ‖J‖ {r["jacobian_norm_unscaled_at_1024"]:F3} vs scaled {r["jacobian_norm_scaled_at_1024"]:F3}");
        Assert.True(r["jacobian_norm_scaled_at_1024"] > 0.5 * r["jacobian_norm_uniform_16_keys"]);
        Assert.True(r["trained_jacobian_norm"] > 0.5 * r["uniform_jacobian_norm"], "the trained heads' softmax should not be saturated");
        Assert.True(r["mha_fused_vs_explicit_gap"] < 1e-5);
        Assert.True(r["mha_row_sum_gap"] < 1e-5);
        Assert.Equal(0, r["mha_future_weight"]);
        Assert.True(r["position_offset_dependence"] < 1e-3, $"PE dot products vary with position by {r["position_offset_dependence"]}");

        // Positions: sinusoids at the lab's amplitude train to within 5 % of a learned table at the same size and budget;
        // unit-amplitude sinusoids swamp the N(0, 0.02) token embeddings and end near the unigram line.
        double learned = r["learned_validation_loss"], sinusoidal = r["sinusoidal_validation_loss"];
        Assert.True(learned < r["unigram_validation_loss"] - 0.5, $"learned {learned:F3} vs unigram {r["unigram_validation_loss"]:F3}");
        Assert.True(sinusoidal <= 1.05 * learned, $"sinusoidal {sinusoidal:F3} is more than 5 % above learned {learned:F3}");
        Assert.True(r["unit_sinusoid_validation_loss"] > (learned + r["unigram_validation_loss"]) / 2,
            $"unit sinusoids {r["unit_sinusoid_validation_loss"]:F3}: the text says they end near the unigram line {r["unigram_validation_loss"]:F3}");

        // Heads: a previous-token head well above uniform attention; no induction head at this budget, as the text says.
        Assert.True(r["previous_token_head_weight"] > 2 * r["uniform_previous_weight"],
            $"previous-token weight {r["previous_token_head_weight"]:F3} vs uniform {r["uniform_previous_weight"]:F3}");
        Assert.True(r["induction_score_max"] < 3 * r["uniform_induction_score"] && r["repeat_second_copy_loss"] > 0.5 * r["repeat_first_copy_loss"],
            "the quick-mode text says this model has no induction head; the measurement disagrees");
        Assert.Equal(4, r["attention_heads"]);
    }

    [Fact]
    public void Masking_follows_the_bert_recipe_and_the_encoder_fills_blanks_from_context()
    {
        var r = NotebookRun.Execute("03-masked-lm-pretraining.ipynb").Results;

        Assert.True(r["masked_positions_counted"] > 5000, "too few selected positions to check the statistics");
        Assert.InRange(r["selected_share"], 0.14, 0.16);
        Assert.InRange(r["mask_share"], 0.77, 0.83);
        Assert.InRange(r["random_share"], 0.08, 0.12);
        Assert.InRange(r["unchanged_share"], 0.08, 0.12);
        Assert.True(r["loss_library_vs_formula_gap"] < 1e-4, $"MLM loss gap {r["loss_library_vs_formula_gap"]}");
        Assert.InRange(r["untrained_loss"], 4.0, 5.0); // ≈ ln 93 for an untrained encoder

        // The claim: at [MASK] positions, where only context can help, the encoder beats the unigram guess and a count
        // model that sees one character on each side, by more than the sampling error of the measured shares.
        double n = r["mask_positions"], accuracy = r["mask_accuracy"], neighbour = r["neighbour_mask_accuracy"];
        double standardError = Math.Sqrt(accuracy * (1 - accuracy) / n);
        Assert.True(n > 2000, $"only {n} [MASK] positions evaluated");
        Assert.True(accuracy > r["unigram_mask_accuracy"] + 0.15, $"[MASK] accuracy {accuracy:F3} vs unigram {r["unigram_mask_accuracy"]:F3}");
        Assert.True(accuracy > neighbour + 3 * standardError,
            $"[MASK] accuracy {accuracy:F3} does not beat the neighbour-count baseline {neighbour:F3} (±{standardError:F3})");
        Assert.True(r["distinct_mask_guesses"] >= 10, "the encoder's guesses should change from blank to blank");
        Assert.True(r["mlm_cross_entropy"] < r["unigram_cross_entropy"] - 0.5);

        // The plateau contrast the text describes: the same encoder at context 64, same steps and tokens, stays near unigram.
        Assert.True(r["long_context_mask_accuracy"] < r["long_context_neighbour_mask_accuracy"],
            "the text says the context-64 encoder is still on the plateau; it beat the neighbour baseline");
        Assert.True(r["long_context_mask_accuracy"] < accuracy - 0.1);

        // Bidirectional attention, beside uniform attention.
        Assert.True(r["rightward_attention_share"] > 0.3 * r["uniform_rightward_share"], "a bidirectional encoder attends to the right too");
        Assert.True(r["neighbour_attention_share_max"] > 3 * r["uniform_neighbour_share"], "some head should attend to the adjacent characters");
    }

    [Fact]
    public void Fine_tuning_regimes_show_transfer_at_few_labels_against_scratch_and_baselines()
    {
        var r = NotebookRun.Execute("04-fine-tuning.ipynb").Results;

        // Transfer: with the fewest labels the best pretrained encoder beats training from scratch clearly.
        Assert.True(r["best_pretrained_f1_small"] > r["scratch_f1_small"] + 0.1,
            $"best pretrained F1 {r["best_pretrained_f1_small"]:F3} vs from scratch {r["scratch_f1_small"]:F3} at {r["train_examples_small"]} labels");
        // At the full count it beats both classical baselines; the text reads the margin against the paired bootstrap's
        // interval, which must contain the observed difference.
        Assert.True(r["best_pretrained_f1_full"] > r["best_baseline_f1_full"],
            $"best pretrained F1 {r["best_pretrained_f1_full"]:F3} vs best baseline {r["best_baseline_f1_full"]:F3} at {r["train_examples_full"]} labels");
        Assert.True(r["best_baseline_f1_full"] >= r["naive_bayes_char_n_grams_f1_" + r["train_examples_full"]]);
        // Probing every layer is what beats the n-grams: the sentence embedding alone does not. (A probe is deterministic,
        // so seed 0's difference is the mean's.)
        Assert.Equal(1.0, r["best_pretrained_is_all_layer_probe_full"]);
        Assert.Equal(r["best_pretrained_f1_full"] - r["best_baseline_f1_full"], r["best_pretrained_minus_baseline_f1_full"], 9);
        Assert.True(r["minilm_probe_on_all_layers_f1_" + r["train_examples_full"]] > r["minilm_linear_probe_f1_" + r["train_examples_full"]]);
        // The text's reading of the full count: the lead is inside the bootstrap's interval, and the n-gram model keeps
        // more recall at 99 % precision.
        Assert.InRange(0.0, r["best_pretrained_minus_baseline_f1_full_low"], r["best_pretrained_minus_baseline_f1_full_high"]);
        Assert.True(r["logistic_regression_char_n_grams_recall_at_precision_99"] > r["minilm_probe_on_all_layers_recall_at_precision_99"]);
        // ... and of the small counts: at the fewest labels the all-layer probe's band lies above both baselines' bands,
        // and at the middle count (128 in quick mode) it is ahead of both.
        string small = $"{r["train_examples_small"]}";
        Assert.True(r[$"minilm_probe_on_all_layers_f1_{small}_low"] > Math.Max(r[$"logistic_regression_char_n_grams_f1_{small}_high"], r[$"naive_bayes_char_n_grams_f1_{small}_high"]));
        Assert.True(r["minilm_probe_on_all_layers_f1_128"] > Math.Max(r["logistic_regression_char_n_grams_f1_128"], r["naive_bayes_char_n_grams_f1_128"]));
        Assert.True(r["best_baseline_f1_full"] > 1 - r["majority_accuracy"], "a baseline should beat chance-level F1 by far");
        Assert.True(r["train_examples_full"] > 10 * r["train_examples_small"]);

        // LoRA merge: W + (α/r)·BA gives the adapted model's logits, and it did move W.
        Assert.True(r["lora_merge_max_abs_diff"] < 1e-4, $"merge gap {r["lora_merge_max_abs_diff"]:E2}");
        Assert.True(r["lora_merged_weight_change"] > 1e-3, "the merged LoRA update should change the weights");

        // Trainable shares: probe < LoRA r=1 < r=4 < r=16 < full; adapters a few percent.
        Assert.True(r["our_mlm_linear_probe_trainable_share"] < r["our_mlm_lora_r_1_trainable_share"]);
        Assert.True(r["our_mlm_lora_r_1_trainable_share"] < r["our_mlm_lora_r_4_trainable_share"]);
        Assert.True(r["our_mlm_lora_r_4_trainable_share"] < r["our_mlm_lora_r_16_trainable_share"]);
        Assert.True(r["our_mlm_lora_r_16_trainable_share"] < r["full_fine_tuning_trainable_share"]);
        Assert.True(r["our_mlm_adapters_m_8_trainable_share"] < 0.1);
        Assert.Equal(1.0, r["full_fine_tuning_trainable_share"]);

        // Bands contain their means; the precision-recall view ranks better than chance.
        foreach (var key in r.Keys.Where(k => k.EndsWith("_low")))
        {
            var mean = key[..^"_low".Length];
            Assert.InRange(r[mean], r[key] - 1e-12, r[mean + "_high"] + 1e-12);
        }
        Assert.True(r["minilm_linear_probe_average_precision"] > r["test_spam_share"] + 0.3);
        // Held-out: training lowered the validation loss below the prior's.
        Assert.True(r["full_fine_tuning_final_validation_loss"] < r["prior_validation_loss"]);
    }

    [Fact]
    public void Induction_notebook_forms_the_previous_token_and_induction_circuit_with_the_phase_change_and_shows_it_causes_the_copying()
    {
        var r = NotebookRun.Execute("07-induction-heads.ipynb").Results;
        Assert.Equal(1, r["quick"]);

        // The task's baselines: uniform tokens, so the unigram guess is ln V and only the copies are predictable.
        Assert.Equal(Math.Log(r["vocabulary"]), r["uniform_loss"], 12);
        Assert.InRange(r["unigram_loss"], r["uniform_loss"] - 0.01, r["uniform_loss"] + 0.01);
        Assert.InRange(r["predictable_share"], 0.3, 0.4);   // "a third of the targets are copies"

        // Copying is learned: the copied tokens fall far below ln V, the others stay at it (nothing can beat it there).
        Assert.InRange(r["copied_loss_start"], r["uniform_loss"] - 0.15, r["uniform_loss"] + 0.15);
        Assert.True(r["copied_loss_end"] < 0.6, $"copied tokens end at {r["copied_loss_end"]:F3} nats");
        Assert.InRange(r["other_loss_end"], r["uniform_loss"] - 0.05, r["uniform_loss"] + 0.3);
        Assert.Equal(r["copied_loss_start"] - r["copied_loss_end"], r["copied_loss_drop"], 1e-9);
        // ... abruptly: "half of the fall inside one tenth of training", where an even decline puts 10 %.
        Assert.True(r["steepest_window_share"] > 0.4, $"steepest tenth holds {r["steepest_window_share"]:P0} of the drop");
        Assert.InRange(r["half_drop_step"], 1, r["train_steps"] - 1);
        Assert.True(r["curve_points"] >= 20);
        // The induction score rises from uniform in the same window as the loss falls.
        Assert.InRange(r["induction_score_start"], 0.5 * r["induction_uniform"], 1.5 * r["induction_uniform"]);
        Assert.True(r["induction_score_end"] > 8 * r["induction_uniform"], $"best induction score {r["induction_score_end"]:F3}");
        Assert.True(Math.Abs(r["induction_half_rise_step"] - r["half_drop_step"]) <= r["train_steps"] / 10,
            $"score half-rise at step {r["induction_half_rise_step"]}, loss half-drop at {r["half_drop_step"]}");

        // In-context learning: late tokens of a doubled row far cheaper than early ones; its first half stays at ln V.
        Assert.Equal(r["icl_late_loss"] - r["icl_early_loss"], r["icl_score"], 1e-9);
        Assert.True(r["icl_score"] < -0.9 * r["uniform_loss"], $"ICL score {r["icl_score"]:F3}");
        Assert.InRange(r["doubled_first_half_loss"], r["uniform_loss"] - 0.05, r["uniform_loss"] + 0.05);
        Assert.True(r["doubled_repeat_loss"] < 0.2, $"repeat {r["doubled_repeat_loss"]:F3}");

        // The heads: a previous-token head in layer 0, induction heads (over 3x uniform) making up layer 1, no
        // duplicate-token head.
        Assert.True(r["previous_token_score"] > 5 * r["previous_token_uniform"], $"previous-token {r["previous_token_score"]:F3}");
        Assert.Equal(1, r["induction_head_layer"]);
        Assert.True(r["induction_score"] > 10 * r["induction_uniform"], $"induction {r["induction_score"]:F3}");
        Assert.Equal(4, r["induction_heads"]);
        Assert.True(r["duplicate_token_score"] < r["duplicate_token_uniform"], $"duplicate-token {r["duplicate_token_score"]:F3}");
        Assert.True(r["layer0_best_induction_score"] < 2 * r["induction_uniform"]);
        Assert.True(r["layer0_other_previous_max_ratio"] < 3, $"another layer-0 head at {r["layer0_other_previous_max_ratio"]:F1}x uniform on the previous token");
        Assert.True(r["induction_heads_min_score"] > 3 * r["induction_uniform"]);
        // The neuron view's arithmetic: the induction key has the largest q·k for (nearly) every second-half query.
        Assert.True(r["neuron_top_score_on_induction_key"] > 0.9, $"top score on the induction key for {r["neuron_top_score_on_induction_key"]:P0}");
        Assert.InRange(r["neuron_top_score_chance"], 0.02, 0.1);

        // Ablation: heads matter only where copying helps; the circuit is needed (zero and mean ablation alike), the
        // controls are not, and the induction heads back each other up.
        Assert.True(r["ablation_first_half_max_shift"] < 0.05, $"an ablation moved the first half by {r["ablation_first_half_max_shift"]:F3}");
        Assert.Equal(r["ablation_previous_repeat_rise"], r["ablation_group_previous_zero_rise"], 1e-9);
        Assert.True(r["ablation_group_previous_zero_rise"] > 2 && r["ablation_group_previous_mean_rise"] > 2,
            $"previous-token head: {r["ablation_group_previous_zero_rise"]:F2} / {r["ablation_group_previous_mean_rise"]:F2}");
        var backToUniform = r["uniform_loss"] - r["doubled_repeat_loss"];
        Assert.True(r["ablation_group_induction_zero_rise"] > 0.9 * backToUniform && r["ablation_group_induction_mean_rise"] > 0.9 * backToUniform,
            $"induction heads: {r["ablation_group_induction_zero_rise"]:F2} / {r["ablation_group_induction_mean_rise"]:F2}");
        Assert.Equal(1, r["ablation_control_groups"]);
        Assert.True(r["ablation_group_control_zero_rise"] < 0.2 && r["ablation_group_control_mean_rise"] < 0.2,
            $"control group: {r["ablation_group_control_zero_rise"]:F2} / {r["ablation_group_control_mean_rise"]:F2}");
        Assert.True(r["ablation_single_induction_max_rise"] < r["ablation_group_induction_zero_rise"] / 4);
        Assert.True(r["ablation_control_repeat_rise"] < 0.2);

        // Patching: the restored share is computed from the three runs; the previous-token head alone restores most of
        // the key's weight and the model copies the token it finds there; the other layer-0 heads do not.
        Assert.Equal((r["patch_patched_key_weight"] - r["patch_corrupted_key_weight"]) / (r["patch_clean_key_weight"] - r["patch_corrupted_key_weight"]),
            r["patch_key_weight_restored"], 1e-9);
        Assert.True(r["patch_clean_key_weight"] > 10 * r["patch_uniform_key_weight"]);
        Assert.True(r["patch_key_weight_restored"] > 0.8, $"restored {r["patch_key_weight_restored"]:P0}");
        Assert.True(r["patch_control_key_weight"] < 0.2, $"control patch {r["patch_control_key_weight"]:F3}");
        Assert.True(r["patch_control_copied_probability"] < 0.1, $"control patch P {r["patch_control_copied_probability"]:F3}");
        Assert.True(r["patch_patched_copied_probability"] > 0.7, $"P(token at the key) {r["patch_patched_copied_probability"]:F3}");
        Assert.True(r["patch_corrupted_copied_probability"] < 3.0 / r["vocabulary"]);

        Assert.Equal(2, r["attention_layers"]);
    }
}
