using LlmInteractive.Compression;
using LlmInteractive.Runtime;
using LlmInteractive.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Compression;

public sealed class QuantizationTests
{
    public static TheoryData<int, QuantizationGranularity, bool> Schemes()
    {
        var data = new TheoryData<int, QuantizationGranularity, bool>();
        foreach (var bits in new[] { 8, 4, 2 })
            foreach (var granularity in new[] { QuantizationGranularity.PerTensor, QuantizationGranularity.PerChannel })
                foreach (var symmetric in new[] { true, false })
                    data.Add(bits, granularity, symmetric);
        return data;
    }

    static Tensor Weights(int seed)
    {
        TorchRuntime.EnsureLoaded();
        using var generator = new Generator((ulong)seed);
        // Rows of very different ranges and a shifted mean, so per-channel and zero-point have something to win.
        var rowScales = linspace(0.01, 2.0, 12).unsqueeze(1);
        return randn([12, 40], generator: generator) * rowScales + 0.3;
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Round_trip_error_is_at_most_half_a_step_and_codes_fit_the_bit_width(int bits, QuantizationGranularity granularity, bool symmetric)
    {
        using var scope = NewDisposeScope();
        var scheme = new QuantizationScheme(bits, granularity, symmetric);
        var w = Weights(3);
        using var q = WeightQuantizer.Quantize(w, scheme);

        var (minCode, maxCode) = scheme.CodeRange;
        Assert.True(q.Codes.min().item<int>() >= minCode && q.Codes.max().item<int>() <= maxCode,
            $"codes [{q.Codes.min().item<int>()}, {q.Codes.max().item<int>()}] outside [{minCode}, {maxCode}]");
        Assert.Equal(symmetric ? (1 << (bits - 1)) - 1 : (1 << bits) - 1, maxCode);

        var rows = granularity == QuantizationGranularity.PerChannel ? 12 : 1;
        Assert.Equal(rows, q.Scales.numel());
        var error = (q.Dequantize() - w).abs().reshape(rows, -1);                      // (rows, n)
        var bound = q.Scales * 0.5 * (1 + 1e-5) + 1e-7;                                // scale / 2, float rounding allowed
        Assert.True((error <= bound).all().item<bool>(),
            $"{scheme}: max error / scale = {(error / q.Scales).max().item<float>():F4} > 0.5");
        // The bound is tight: some element uses most of its half step (else the test could not fail).
        Assert.True((error / q.Scales).max().item<float>() > 0.3f);
    }

    [Fact]
    public void Zero_stays_exactly_zero_and_more_bits_or_channels_mean_less_error()
    {
        using var scope = NewDisposeScope();
        var w = Weights(5);
        w[0, 0] = 0;
        double Error(QuantizationScheme s)
        {
            using var q = WeightQuantizer.Quantize(w, s);
            var restored = q.Dequantize();
            Assert.Equal(0f, restored[0, 0].item<float>());
            return (restored - w).abs().mean().item<float>();
        }
        foreach (var symmetric in new[] { true, false })
        {
            Assert.True(Error(new(8, QuantizationGranularity.PerTensor, symmetric)) < Error(new(4, QuantizationGranularity.PerTensor, symmetric)) / 8);
            Assert.True(Error(new(4, QuantizationGranularity.PerChannel, symmetric)) < Error(new(4, QuantizationGranularity.PerTensor, symmetric)));
        }
        // The rows are shifted by +0.3, so zero-point's range fits them better than absmax's symmetric one.
        Assert.True(Error(new(4, QuantizationGranularity.PerChannel, false)) < Error(new(4, QuantizationGranularity.PerChannel, true)));
    }

    [Fact]
    public void Storage_counts_packed_codes_and_per_row_scales()
    {
        using var scope = NewDisposeScope();
        var w = Weights(1);                                                            // 480 weights, 12 rows
        using var perTensor = WeightQuantizer.Quantize(w, new(4, QuantizationGranularity.PerTensor, true));
        using var perChannel = WeightQuantizer.Quantize(w, new(4, QuantizationGranularity.PerChannel, false));
        Assert.Equal(480 / 2 + 4, perTensor.StorageBytes);
        Assert.Equal(480 / 2 + 12 * 8, perChannel.StorageBytes);
    }

    [Fact]
    public void Quantizing_a_model_changes_its_weights_within_the_bound_and_disposing_restores_them()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Gpt();
        var ids = TinyModels.RandomIds(2, 10, 31);
        using var _ = no_grad();
        var before = model.Logits(ids);
        var weightsBefore = model.parameters().Select(p => p.clone()).ToList();
        var matrices = CompressibleWeights.Find(model, includeEmbeddings: true);
        // The tied token table counts once; LayerNorms and biases are not in the list.
        Assert.Equal(matrices.Count, matrices.Select(m => m.Parameter.Handle).Distinct().Count());
        Assert.DoesNotContain(matrices, m => m.Parameter.dim() != 2);

        Tensor quantizedLogits;
        using (var q = QuantizedWeights.Apply(model, new(4, QuantizationGranularity.PerTensor, true)))
        {
            quantizedLogits = model.Logits(ids);
            Assert.Equal(matrices.Sum(m => m.Parameter.numel()), q.QuantizedElements);
            Assert.InRange(q.BitsPerWeight, 4, 4.1);
            Assert.True(q.ModelBytes < CompressibleWeights.Float32Bytes(model) / 4, $"{q.ModelBytes} bytes");
            Assert.True(q.MaxAbsoluteError > 0);
        }
        Assert.True((quantizedLogits - before).abs().max().item<float>() > 1e-4, "4-bit weights should change the logits");
        Assert.True(model.parameters().Zip(weightsBefore, (p, b) => p.equal(b).all().item<bool>()).All(same => same), "dispose must restore every weight");
    }
}
