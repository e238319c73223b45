using LlmInteractive.Baselines;
using LlmInteractive.Experiments;

namespace LlmInteractive.Tests.Baselines;

public sealed class BaselineTests
{
    // Features: 0 Chinese, 1 Beijing, 2 Shanghai, 3 Macao, 4 Tokyo, 5 Japan.
    static SparseVector Counts(params (int Index, double Count)[] pairs) => new([.. pairs.Select(p => p.Index)], [.. pairs.Select(p => p.Count)]);

    [Fact]
    public void Dense_and_sparse_features_give_the_same_model_and_a_cancelled_fit_stops()
    {
        // The same numbers as a dense vector (SIMD path) and with their indices listed out of order (indexed path).
        var random = new Random(3);
        var rows = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 9).Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        var labels = rows.Select(r => r[0] + r[3] > 0).ToList();
        var dense = rows.Select(r => SparseVector.Dense([.. r.Select(x => (float)x)])).ToList();
        var shuffled = dense.Select(v => new SparseVector([.. v.Indices.Reverse()], [.. v.Values.Reverse()])).ToList();
        var a = LogisticRegression.Fit(dense, labels, 9, epochs: 50);
        var b = LogisticRegression.Fit(shuffled, labels, 9, epochs: 50);
        for (int j = 0; j < 9; j++) Assert.Equal(a.Weights[j], b.Weights[j], 9);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => LogisticRegression.Fit(dense, labels, 9, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Naive_bayes_reproduces_the_textbook_example()
    {
        // Manning, Raghavan & Schütze, Introduction to Information Retrieval, Example 13.1: P(c|d5) ∝ 3/4·(3/7)³·1/14·1/14
        // against 1/4·(2/9)³·2/9·2/9 for the other class.
        var train = new[]
        {
            Counts((0, 2), (1, 1)), Counts((0, 2), (2, 1)), Counts((0, 1), (3, 1)), Counts((0, 1), (4, 1), (5, 1)),
        };
        var model = MultinomialNaiveBayes.Fit(train, [true, true, true, false], featureCount: 6);
        double china = 0.75 * Math.Pow(3.0 / 7, 3) / 14 / 14, other = 0.25 * Math.Pow(2.0 / 9, 5);
        Assert.Equal(china / (china + other), model.ProbabilityPositive(Counts((0, 3), (4, 1), (5, 1))), 1e-12);
    }

    [Fact]
    public void Char_ngrams_count_lower_cased_grams_of_the_training_vocabulary_only()
    {
        var features = CharNGramFeatures.Fit(["abA"], minN: 1, maxN: 2);
        Assert.Equal(4, features.Count); // a, b, ab, ba
        // "aaz": the unigram a twice; z, aa and az were never seen in training and are dropped.
        var vector = features.Transform("AAz");
        Assert.Single(vector.Indices);
        Assert.Equal(2.0, vector.Values[0]);
    }

    [Fact]
    public void Logistic_regression_separates_separable_data_and_generalises()
    {
        var random = new Random(3);
        var (features, labels) = (new List<SparseVector>(), new List<bool>());
        for (int i = 0; i < 200; i++)
        {
            var x = new[] { (float)random.NextDouble() * 2 - 1, (float)random.NextDouble() * 2 - 1 };
            features.Add(SparseVector.Dense(x));
            labels.Add(x[0] + 0.5 * x[1] > 0.1);
        }
        var model = LogisticRegression.Fit(features[..150], labels[..150], featureCount: 2, l2: 0, epochs: 500);
        double accuracy = Enumerable.Range(150, 50).Average(i => (model.ProbabilityPositive(features[i]) > 0.5) == labels[i] ? 1.0 : 0.0);
        Assert.True(accuracy > 0.9, $"held-out accuracy {accuracy}");
        Assert.True(model.Weights[0] > model.Weights[1] && model.Weights[1] > 0, "the weights should point along (1, 0.5)");
    }

    [Fact]
    public void Precision_recall_points_and_average_precision_match_hand_counts()
    {
        bool[] actual = [true, false, true, false];
        double[] scores = [0.9, 0.8, 0.7, 0.1];
        var points = PrecisionRecallCurve.Points(actual, scores);
        Assert.Equal([1.0, 0.5, 2.0 / 3, 0.5], points.Select(p => p.Precision));
        Assert.Equal([0.5, 0.5, 1.0, 1.0], points.Select(p => p.Recall));
        // AP = 0.5·1 + 0.5·2/3, scikit-learn's average_precision_score for these scores.
        Assert.Equal(0.5 + 1.0 / 3, PrecisionRecallCurve.AveragePrecision(actual, scores), 1e-12);
    }
}
