using LlmInteractive.Models;
using LlmInteractive.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Models;

/// <summary>Tiny models and inputs shared by the model, generation and fine-tuning tests.</summary>
internal static class TinyModels
{
    public static Gpt Gpt(int vocabulary = 31, int context = 16, int seed = 1, bool tie = true,
        PositionEncodingKind positions = PositionEncodingKind.Learned, int layers = 2)
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed);
        var model = new Gpt(new GptConfig(vocabulary, context, Layers: layers, Heads: 2, EmbeddingSize: 32,
            Positions: positions, TieWeights: tie));
        model.eval();
        return model;
    }

    public static Tensor RandomIds(long batch, long length, int vocabulary, int seed = 7)
    {
        TorchRuntime.EnsureLoaded();
        using var generator = new torch.Generator((ulong)seed);
        return randint(vocabulary, [batch, length], generator: generator);
    }

    /// <summary>Trains with AdamW on one fixed batch and returns the last loss.</summary>
    public static double Overfit(nn.Module module, Func<Tensor> loss, int steps, double learningRate)
    {
        using var optimizer = optim.AdamW(module.parameters(), lr: learningRate, weight_decay: 0.0);
        module.train();
        var last = double.NaN;
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var value = loss();
            value.backward();
            optimizer.step();
            last = value.item<float>();
        }
        module.eval();
        return last;
    }
}
