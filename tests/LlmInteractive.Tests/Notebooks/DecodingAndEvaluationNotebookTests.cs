namespace LlmInteractive.Tests.Notebooks;

/// <summary>
/// Notebook 09 runs in quick mode and every reading its text gives holds: the reference is the stronger model, the
/// temperature dial trades diversity for likelihood with the human text off the curve, greedy decoding locks into a
/// loop, and each metric's failure case has the value the text states. In its own file (not NotebookTests.cs) so
/// notebooks written in parallel do not collide; same category.
/// </summary>
[Trait("Category", "Notebooks")]
public class DecodingAndEvaluationNotebookTests
{
    [Fact]
    public void Decoding_knobs_trade_diversity_for_likelihood_greedy_loops_and_each_metric_fails_where_the_text_says()
    {
        var r = NotebookRun.Execute("09-decoding-and-evaluation.ipynb").Results;
        Assert.Equal(1, r["quick"]);
        Assert.Equal(12, r["prompts"]);
        Assert.Equal(240, r["continuation_length"]);
        Assert.Equal(14, r["settings"]);

        // The judge: larger, trained longer, and better on held-out text by "0.25 nats/char"; both beat the baselines.
        Assert.True(r["reference_parameters"] > 2 * r["generator_parameters"] && r["reference_training_tokens"] > r["generator_training_tokens"]);
        Assert.InRange(r["generator_validation_nats"] - r["reference_validation_nats"], 0.15, 0.35);
        Assert.True(r["generator_validation_nats"] < r["unigram_validation_nats"] - 0.8 && r["unigram_validation_nats"] < r["uniform_nats"]);

        // Temperature: surprise rises at every step, "1.46 → 3.60"; distinct-2 rises to τ = 1.2 ("0.42 → 0.98"), then saturates.
        Assert.Equal(1, r["temperature_reference_nats_increasing"]);
        Assert.InRange(r["t03_reference_nats"], 1.40, 1.50);
        Assert.InRange(r["t15_reference_nats"], 3.5, 3.7);
        Assert.Equal(1.2, r["temperature_curve_rising_until"]);
        Assert.InRange(r["t03_distinct2"], 0.38, 0.46);
        Assert.InRange(r["t12_distinct2"], 0.95, 1.0);
        Assert.True(r["t15_distinct2"] < r["t12_distinct2"] && r["t15_distinct1"] < r["t1_distinct1"], "hot text saturates distinct-2 and loses distinct-1");
        // Cold text: more plausible than the human text, less than half its distinct-2.
        Assert.InRange(r["human_reference_nats"], 1.75, 1.85);
        Assert.True(r["t03_reference_nats"] < r["human_reference_nats"] - 0.2);
        Assert.True(r["t03_distinct2"] < 0.5 * r["human_distinct2"]);

        // No setting reaches the human point: nearest is τ = 0.7, the curve ≈ 0.07 above the human text at its
        // distinct-2, and nothing as diverse is as plausible.
        Assert.Equal(0.7, r["nearest_human_temperature"]);
        Assert.True(r["nearest_human_distance"] < r["t1_distance_to_human"]);
        Assert.InRange(r["human_below_temperature_curve_nats"], 0.04, 0.10);
        Assert.True(r["as_diverse_as_human_settings"] >= 5);
        Assert.True(r["as_diverse_as_human_best_reference_nats"] > r["human_reference_nats"]);

        // τ = 1 "about 0.65" more surprising than the human text; truncation vs the temperature curve points both ways.
        Assert.InRange(r["t1_reference_nats"] - r["human_reference_nats"], 0.55, 0.75);
        foreach (var key in new[] { "topp08", "topp09", "topk20" })
            Assert.InRange(r[$"{key}_gain_over_temperature"], 0.07, 0.15);
        Assert.InRange(r["topp095_gain_over_temperature"], -0.09, -0.05);
        Assert.InRange(r["topk5_gain_over_temperature"], -0.05, 0);
        Assert.InRange(r["median_reference_nats_standard_error"], 0.02, 0.045);
        Assert.True(r["topp09_gain_over_temperature"] > 2.5 * r["median_reference_nats_standard_error"]);

        // Greedy: more plausible than the human text (1.74 vs 1.81), and locked in a loop from the start.
        Assert.InRange(r["greedy_reference_nats"], 1.70, 1.78);
        Assert.True(r["greedy_reference_nats"] < r["human_reference_nats"]);
        Assert.Equal(12, r["greedy_looping_continuations"]);
        Assert.Equal(4, r["greedy_loop_max_period"]);
        Assert.True(r["greedy_loop_mean_start"] < 10, $"loops start at {r["greedy_loop_mean_start"]} on average");
        Assert.InRange(r["greedy_loop_coverage"], 0.97, 1.0);
        Assert.InRange(r["greedy_repeated4"], 0.93, 0.97);
        Assert.Equal(3, r["greedy_distinct_words"]);
        Assert.Equal(0, r["human_longest_periodic_tail"]);
        Assert.Equal(0, r["human_loop_coverage"]);
        Assert.InRange(r["human_repeated4"], 0, 0.005);
        Assert.Equal(0, r["t1_repeated4"]);
        Assert.InRange(r["t03_repeated4"], 0.001, 0.01);

        // Metric failure cases, as stated.
        Assert.Equal(0, r["paraphrase_bleu"]);
        Assert.InRange(r["paraphrase_rouge1_f"], 0.33, 0.35);
        Assert.InRange(r["paraphrase_token_f1"], 0.32, 0.34);
        Assert.InRange(r["near_miss_bleu"], 0.6, 0.7);
        Assert.Equal(0.88, r["near_miss_rouge_l_f"], 1e-9);
        Assert.Equal(13, r["reference_words"]);
        Assert.Equal(1, r["salad_rouge1_f"], 1e-12);
        Assert.Equal(1, r["salad_token_f1"], 1e-12);
        Assert.Equal(0, r["salad_rouge2_f"]);
        Assert.Equal(0, r["salad_bleu"]);
        Assert.Equal(1.0 / 13, r["salad_rouge_l_f"], 1e-12);
        Assert.Equal(1, r["token_f1_reordered"], 1e-12);
        Assert.Equal(0, r["exact_match_reordered"]);
        Assert.Equal(0.5, r["token_f1_wrong_captain"], 1e-12);
        // Brevity: precision 1 everywhere, the penalty e^(1 − 13/4) is the whole score; hidden at corpus level.
        Assert.Equal(1, r["brief_min_precision"]);
        Assert.Equal(1, r["brief_rouge1_precision"]);
        Assert.Equal(Math.Exp(1 - 13.0 / 4), r["brief_brevity_penalty"], 1e-12);
        Assert.Equal(r["brief_brevity_penalty"], r["brief_bleu"], 1e-12);
        Assert.Equal(1, r["corpus_with_brief_brevity_penalty"]);
        Assert.Equal(1, r["brief_alone_min_precision"]);
        Assert.Equal(Math.Exp(1 - 19.0 / 14), r["brief_alone_brevity_penalty"], 1e-12);
        // Open-ended generation: BLEU zero everywhere; ROUGE-L of samples 0.11–0.13, below unrelated human text (0.14).
        Assert.Equal(1, r["open_ended_mean_sentence_bleu_zero_share"]);
        Assert.Equal(0, r["open_ended_best_corpus_bleu"]);
        Assert.Equal(0, r["unrelated_human_corpus_bleu"]);
        Assert.InRange(r["open_ended_sampled_rouge_l_min"], 0.10, 0.115);
        Assert.InRange(r["open_ended_sampled_rouge_l_max"], 0.125, 0.135);
        Assert.True(r["unrelated_human_rouge_l"] > r["open_ended_sampled_rouge_l_max"]);
        Assert.InRange(r["unrelated_human_rouge_l"], 0.135, 0.145);
        Assert.InRange(r["open_ended_greedy_rouge_l"], 0.02, 0.035);
        // Perplexity: 6.1 per character, ~33,000 per word, greedy 5.7.
        Assert.Equal(Math.Exp(r["human_reference_nats"]), r["human_per_char_perplexity"], 1e-9);
        Assert.InRange(r["human_per_char_perplexity"], 6.0, 6.2);
        Assert.InRange(r["human_per_word_perplexity"], 30_000, 36_000);
        Assert.Equal(Math.Exp(r["human_reference_nats"] * r["chars_per_word"]), r["human_per_word_perplexity"], 1e-6);
        Assert.InRange(r["greedy_per_char_perplexity"], 5.6, 5.8);
    }
}
