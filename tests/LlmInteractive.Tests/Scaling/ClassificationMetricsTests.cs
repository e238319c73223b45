using LlmInteractive.Experiments;

namespace LlmInteractive.Tests.Scaling;

public class ClassificationMetricsTests
{
    [Fact]
    public void Counts_and_ratios_match_a_hand_worked_example()
    {
        // actual:    S S S S H H H H H H
        // predicted: S S S H S H H H H H   → TP 3, FN 1, FP 1, TN 5
        bool[] actual = [true, true, true, true, false, false, false, false, false, false];
        bool[] predicted = [true, true, true, false, true, false, false, false, false, false];

        var m = ClassificationMetrics.From(actual, predicted);

        Assert.Equal((3, 1, 5, 1), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(0.8, m.Accuracy, 12);
        Assert.Equal(0.75, m.Precision, 12);
        Assert.Equal(0.75, m.Recall, 12);
        Assert.Equal(0.75, m.F1, 12);
        Assert.Equal([[5, 1], [1, 3]], m.ConfusionMatrix);
        Assert.Equal(0.8, m.ToDictionary()["accuracy"], 12);
    }

    [Fact]
    public void F1_is_the_harmonic_mean_of_precision_and_recall()
    {
        var m = new ClassificationMetrics(TruePositives: 6, FalsePositives: 4, TrueNegatives: 30, FalseNegatives: 2);

        Assert.Equal(2 * m.Precision * m.Recall / (m.Precision + m.Recall), m.F1, 12);
    }

    [Fact]
    public void A_classifier_that_never_flags_scores_zero_not_nan()
    {
        var m = ClassificationMetrics.From([true, false, false], [false, false, false]);

        Assert.Equal(0, m.Precision);
        Assert.Equal(0, m.Recall);
        Assert.Equal(0, m.F1);
        Assert.Equal(2 / 3.0, m.Accuracy, 12);
    }

    [Fact]
    public void Bad_inputs_name_the_problem()
    {
        Assert.Contains("one prediction per example",
            Assert.Throws<ArgumentException>(() => ClassificationMetrics.From([true], [true, false])).Message);
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => ClassificationMetrics.From([], [])).Message);
    }
}
