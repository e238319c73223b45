namespace LlmInteractive.Baselines;

/// <summary>
/// Multinomial naive Bayes for two classes (McCallum &amp; Nigam 1998), as scikit-learn's MultinomialNB: class priors from
/// the label shares, per-class feature probabilities from counts with additive (Laplace) smoothing α.
/// </summary>
public sealed class MultinomialNaiveBayes
{
    readonly double[] logPriors = new double[2];
    readonly double[][] logLikelihoods = new double[2][];

    MultinomialNaiveBayes() { }

    public static MultinomialNaiveBayes Fit(IReadOnlyList<SparseVector> features, IReadOnlyList<bool> labels, int featureCount, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count != labels.Count) throw new ArgumentException($"{features.Count} examples but {labels.Count} labels.", nameof(labels));
        if (!labels.Contains(true) || !labels.Contains(false))
            throw new ArgumentException("Naive Bayes needs examples of both classes.", nameof(labels));
        if (!(alpha > 0)) throw new ArgumentOutOfRangeException(nameof(alpha), $"Smoothing must be positive (got {alpha}); 1 is Laplace's.");
        var model = new MultinomialNaiveBayes();
        for (int c = 0; c < 2; c++)
        {
            var counts = new double[featureCount];
            int examples = 0;
            for (int i = 0; i < features.Count; i++)
            {
                if (labels[i] != (c == 1)) continue;
                examples++;
                var f = features[i];
                for (int k = 0; k < f.Indices.Length; k++) counts[f.Indices[k]] += f.Values[k];
            }
            double total = counts.Sum() + alpha * featureCount;
            model.logLikelihoods[c] = [.. counts.Select(n => Math.Log((n + alpha) / total))];
            model.logPriors[c] = Math.Log(examples / (double)features.Count);
        }
        return model;
    }

    /// <summary>P(positive | features), from the two classes' joint log-likelihoods.</summary>
    public double ProbabilityPositive(SparseVector features)
    {
        ArgumentNullException.ThrowIfNull(features);
        double negative = logPriors[0] + features.Dot(logLikelihoods[0]);
        double positive = logPriors[1] + features.Dot(logLikelihoods[1]);
        return 1 / (1 + Math.Exp(negative - positive));
    }
}
