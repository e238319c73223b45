namespace LlmInteractive.Compression;

/// <summary>Whether one scale covers a whole weight tensor or each output channel (row) gets its own.</summary>
public enum QuantizationGranularity
{
    PerTensor,
    PerChannel,
}

/// <summary>
/// How weights become integers: <paramref name="Bits"/> per code, one scale per tensor or per row, and either
/// absmax (symmetric: codes in [−(2^(b−1)−1), 2^(b−1)−1], zero maps to code 0) or zero-point (asymmetric: codes in
/// [0, 2^b − 1] spanning [min, max] of the weights, with an integer zero point so that 0 stays exactly representable).
/// </summary>
public sealed record QuantizationScheme(int Bits, QuantizationGranularity Granularity, bool Symmetric)
{
    /// <summary>Smallest and largest code the scheme may store.</summary>
    public (int Min, int Max) CodeRange => Symmetric
        ? (-((1 << (Bits - 1)) - 1), (1 << (Bits - 1)) - 1)
        : (0, (1 << Bits) - 1);

    /// <summary>Short label such as "int8 per-channel absmax".</summary>
    public string Name => $"int{Bits} {(Granularity == QuantizationGranularity.PerTensor ? "per-tensor" : "per-channel")} " +
                          (Symmetric ? "absmax" : "zero-point");

    /// <summary>Throws when the bit width cannot be stored in the codes this library uses.</summary>
    public void Validate()
    {
        if (Bits is < 2 or > 16)
            throw new ArgumentOutOfRangeException(nameof(Bits), Bits,
                "Bits must be between 2 and 16 (absmax needs at least one level on each side of zero); use 8 or 4.");
    }

    public override string ToString() => Name;
}
