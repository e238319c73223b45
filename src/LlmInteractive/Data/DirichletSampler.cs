namespace LlmInteractive.Data;

/// <summary>
/// Draws probability vectors from a symmetric Dirichlet(α) as normalised Gamma(α, 1) variables (Marsaglia–Tsang).
/// Works in log space so that a small α (near-deterministic rows) cannot underflow every entry to zero.
/// </summary>
internal sealed class DirichletSampler(Random random)
{
    public double[] Sample(int size, double concentration)
    {
        var logs = new double[size];
        for (int i = 0; i < size; i++) logs[i] = LogGamma(concentration);
        double max = logs.Max();
        var probabilities = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) sum += probabilities[i] = Math.Exp(logs[i] - max);
        for (int i = 0; i < size; i++) probabilities[i] /= sum;
        return probabilities;
    }

    // ln of a Gamma(shape, 1) draw. For shape < 1: Gamma(shape) = Gamma(shape + 1) · U^(1/shape).
    private double LogGamma(double shape)
    {
        if (shape < 1)
        {
            double u = 1.0 - random.NextDouble(); // in (0, 1]
            return LogGamma(shape + 1) + Math.Log(u) / shape;
        }
        double d = shape - 1.0 / 3.0, c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = StandardNormal(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1.0 - random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return Math.Log(d * v);
        }
    }

    private double StandardNormal()
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
