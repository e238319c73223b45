namespace LlmInteractive.Baselines;

/// <summary>
/// Binary logistic regression with an L2 penalty, trained by full-batch gradient descent with Adam steps on the mean
/// log-loss (deterministic: no sampling). Works on sparse n-gram counts and on dense embeddings (a linear probe).
/// </summary>
public sealed class LogisticRegression
{
    readonly double[] weights;
    double bias;

    LogisticRegression(int featureCount) => weights = new double[featureCount];

    public IReadOnlyList<double> Weights => weights;
    public double Bias => bias;

    /// <param name="l2">Penalty λ/2·|w|² added to the mean log-loss (the bias is not penalised).</param>
    /// <param name="cancellationToken">Checked every epoch; when it cannot be cancelled, <see cref="Runtime.AmbientCancellation.Current"/> (a kernel's running cell) is used.</param>
    public static LogisticRegression Fit(IReadOnlyList<SparseVector> features, IReadOnlyList<bool> labels, int featureCount,
        double l2 = 1e-3, int epochs = 200, double learningRate = 0.05, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count != labels.Count) throw new ArgumentException($"{features.Count} examples but {labels.Count} labels.", nameof(labels));
        if (features.Count == 0) throw new ArgumentException("No examples to fit.", nameof(features));
        var model = new LogisticRegression(featureCount);
        var grad = new double[featureCount];
        var (m, v) = (new double[featureCount + 1], new double[featureCount + 1]);
        const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        var cancel = Runtime.AmbientCancellation.Or(cancellationToken);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            Array.Clear(grad);
            double gradBias = 0;
            for (int i = 0; i < features.Count; i++)
            {
                var f = features[i];
                double error = Sigmoid(f.Dot(model.weights) + model.bias) - (labels[i] ? 1 : 0);
                f.AddScaledTo(grad, error);
                gradBias += error;
            }
            double correction1 = 1 - Math.Pow(beta1, epoch), correction2 = 1 - Math.Pow(beta2, epoch);
            for (int j = 0; j <= featureCount; j++)
            {
                double g = j < featureCount ? grad[j] / features.Count + l2 * model.weights[j] : gradBias / features.Count;
                m[j] = beta1 * m[j] + (1 - beta1) * g;
                v[j] = beta2 * v[j] + (1 - beta2) * g * g;
                double step = learningRate * (m[j] / correction1) / (Math.Sqrt(v[j] / correction2) + eps);
                if (j < featureCount) model.weights[j] -= step; else model.bias -= step;
            }
        }
        return model;
    }

    public double ProbabilityPositive(SparseVector features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Sigmoid(features.Dot(weights) + bias);
    }

    /// <summary>Mean log-loss of the labels under the model (nats), e.g. on held-out data.</summary>
    public double LogLoss(IReadOnlyList<SparseVector> features, IReadOnlyList<bool> labels) =>
        features.Select((f, i) => -Math.Log(Math.Clamp(labels[i] ? ProbabilityPositive(f) : 1 - ProbabilityPositive(f), 1e-12, 1))).Average();

    static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
