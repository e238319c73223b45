namespace LlmInteractive.Tests.Notebooks;

/// <summary>
/// Each curated notebook runs top to bottom in quick mode and its reported numbers are right. Slow (up to ~3 minutes
/// each) and needs the datasets (bash environment/fetch-datasets.sh): run apart with --filter Category=Notebooks.
/// </summary>
[Trait("Category", "Notebooks")]
public class NotebookTests
{
    [Fact]
    public void Chain_rule_holds_exactly_for_counts_and_to_rounding_for_a_gpt()
    {
        var r = NotebookRun.Execute("01-chain-rule.ipynb").Results;

        Assert.Equal(256, r["ngram_sequences"]);
        Assert.Equal(1.0, r["ngram_total_probability"], 1e-9);
        Assert.True(r["ngram_max_abs_chain_minus_joint"] < 1e-12, $"n-gram gap {r["ngram_max_abs_chain_minus_joint"]}");
        Assert.True(r["gpt_max_abs_log_prob_gap"] < 1e-4, $"GPT per-token gap {r["gpt_max_abs_log_prob_gap"]}");
        Assert.Equal(r["gpt_one_pass_log_probability"], r["gpt_prefix_by_prefix_log_probability"], 1e-3);
        Assert.True(r["scoring_max_abs_log_prob_gap"] < 1e-4, $"Scoring gap {r["scoring_max_abs_log_prob_gap"]}");
        Assert.True(r["causal_max_change_before_edit"] < 1e-5, $"earlier conditionals moved by {r["causal_max_change_before_edit"]}");
        Assert.True(r["causal_max_change_after_edit"] > 1e-2, "editing later tokens should change later conditionals");
        Assert.True(r["validation_cross_entropy_nats"] < r["unigram_cross_entropy_nats"],
            $"GPT {r["validation_cross_entropy_nats"]} nats should beat the unigram baseline {r["unigram_cross_entropy_nats"]}");
        Assert.Equal(Math.Exp(r["validation_cross_entropy_nats"]), r["validation_perplexity"], 1e-9);
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
}
