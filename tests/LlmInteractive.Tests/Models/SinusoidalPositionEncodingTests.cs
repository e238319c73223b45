using LlmInteractive.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

public sealed class SinusoidalPositionEncodingTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(SinusoidalPositionEncoding.DefaultAmplitude)]
    public void The_table_is_scaled_to_the_amplitude(double amplitude)
    {
        using var scope = NewDisposeScope();
        using var encoding = new SinusoidalPositionEncoding(64, 32, amplitude);
        var table = encoding.forward(arange(64, dtype: ScalarType.Int64));           // (T, C)

        // Each (sin, cos) pair has squared norm a², so every entry's root mean square is a/√2.
        double rms = table.pow(2).mean().sqrt().item<float>();
        Assert.Equal(amplitude / Math.Sqrt(2), rms, 1e-4 * amplitude);
        Assert.Equal(amplitude, table.abs().max().item<float>(), 1e-4 * amplitude);
        Assert.Equal(0.0, table[0, 0].item<float>(), 1e-7);                            // sin(0)
        Assert.Equal(amplitude, table[0, 1].item<float>(), 1e-6);                      // cos(0)
    }

    [Fact]
    public void The_default_amplitude_keeps_positions_comparable_to_token_embeddings()
    {
        // N(0, 0.02) token embeddings have entries of RMS 0.02: positions should be a few times that, not 35 times.
        double positionRms = SinusoidalPositionEncoding.DefaultAmplitude / Math.Sqrt(2);
        Assert.InRange(positionRms / 0.02, 1.0, 5.0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void A_bad_amplitude_is_refused_with_the_fix(double amplitude)
    {
        var config = new GptConfig(31, 16, 1, 2, 16, Positions: PositionEncodingKind.Sinusoidal, SinusoidAmplitude: amplitude);
        var error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("SinusoidAmplitude", error.Message);
        Assert.Contains("0.1", error.Message);
    }
}
