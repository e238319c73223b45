using LlmInteractive.Evaluation;

namespace LlmInteractive.Tests.Evaluation;

public sealed class RougeAndTokenF1Tests
{
    static IReadOnlyList<string> T(string text) => text.Split(' ');

    [Fact]
    public void Rouge_l_follows_lins_worked_example()
    {
        // Lin (2004), section 3.1: reference "police killed the gunman"; S2 "police kill the gunman" shares the
        // subsequence "police the gunman" (LCS 3), S3 "the gunman kill police" only "the gunman" (LCS 2), although
        // both have the same ROUGE-2 ("the gunman") — ROUGE-L prefers the sentence with the right word order.
        var reference = T("police killed the gunman");
        Assert.Equal(0.75, Rouge.L(T("police kill the gunman"), reference).Recall, 12);
        Assert.Equal(0.5, Rouge.L(T("the gunman kill police"), reference).Recall, 12);
        Assert.Equal(Rouge.N(T("police kill the gunman"), reference).F1, Rouge.N(T("the gunman kill police"), reference).F1, 12);
        Assert.Equal(1.0 / 3, Rouge.N(T("police kill the gunman"), reference).Recall, 12);
    }

    [Fact]
    public void Rouge_l_f_measure_weights_recall_by_beta_as_lin_defines_it()
    {
        // Lin (2004), eq. 4: F_lcs = (1 + β²) R P / (R + β² P). For "police kill the gunman" R = P = 3/4, so every β
        // gives 3/4; for a 2-word candidate sharing both words with the 4-word reference, P = 1, R = 1/2.
        Assert.Equal(0.75, Rouge.L(T("police kill the gunman"), T("police killed the gunman")).FBeta(8), 12);
        var brief = Rouge.L(T("the gunman"), T("police killed the gunman"));
        Assert.Equal(1.0, brief.Precision, 12);
        Assert.Equal(0.5, brief.Recall, 12);
        Assert.Equal(brief.F1, brief.FBeta(1), 12);
        Assert.Equal(2 * 1.0 * 0.5 / 1.5, brief.F1, 12);
        Assert.Equal((1 + 64) * 0.5 / (0.5 + 64), brief.FBeta(8), 12);   // large β: close to the recall
        Assert.Throws<ArgumentOutOfRangeException>(() => brief.FBeta(0));
    }

    [Fact]
    public void Word_salad_keeps_rouge_1_and_loses_rouge_2_and_rouge_l()
    {
        var reference = T("call me ishmael some years ago");
        var salad = T("ago years some ishmael me call");
        Assert.Equal(1.0, Rouge.N(salad, reference, n: 1).F1, 12);
        Assert.Equal(0, Rouge.N(salad, reference, n: 2).F1);
        Assert.Equal(1.0 / 6, Rouge.L(salad, reference).F1, 12);
    }

    [Fact]
    public void Rouge_n_clips_repeats_and_reports_precision_recall_and_f1()
    {
        var score = Rouge.N(T("the the the cat"), T("the cat sat on the mat"), n: 1);
        Assert.Equal(3.0 / 4, score.Precision, 12);   // "the" counts at most twice, "cat" once
        Assert.Equal(3.0 / 6, score.Recall, 12);
        Assert.Equal(2 * 0.75 * 0.5 / 1.25, score.F1, 12);
        Assert.Equal(0, Rouge.N(T("a"), T("a b"), n: 2).Precision);   // no bigram in the candidate
        Assert.Throws<ArgumentOutOfRangeException>(() => Rouge.N(T("a"), T("a"), n: 0));
    }

    [Fact]
    public void Token_f1_gives_squads_partial_credit()
    {
        // SQuAD's evaluation script: "the Broncos" vs "Denver Broncos" normalise to "broncos" vs "denver broncos".
        var score = TokenF1.Score("the Broncos", "Denver Broncos");
        Assert.Equal(1.0, score.Precision, 12);
        Assert.Equal(0.5, score.Recall, 12);
        Assert.Equal(2.0 / 3, score.F1, 12);
        Assert.Equal(1.0, TokenF1.ExactMatch("The Denver Broncos!", "denver broncos"));
        Assert.Equal(0.0, TokenF1.ExactMatch("Broncos", "Denver Broncos"));
        // Word order is ignored: a known blind spot.
        Assert.Equal(1.0, TokenF1.Score("broncos denver", "Denver Broncos").F1, 12);
        Assert.Equal(0.0, TokenF1.Score("", "Denver Broncos").F1);
    }

    [Fact]
    public void Several_gold_answers_keep_the_best_score_as_squads_script_does()
    {
        string[] truths = ["Denver Broncos", "Broncos", "the Denver Broncos team"];
        Assert.Equal(1.0, TokenF1.BestF1("the Broncos", truths), 12);
        Assert.Equal(1.0, TokenF1.BestExactMatch("Broncos.", truths));
        Assert.Equal(2.0 / 3, TokenF1.BestF1("Denver", ["Denver Broncos", "Carolina Panthers"]), 12);
        Assert.Throws<ArgumentException>(() => TokenF1.BestF1("x", []));
    }
}
