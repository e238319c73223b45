using LlmInteractive.Evaluation;
using LlmInteractive.Generation;
using LlmInteractive.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Generation;

/// <summary>Repeated scoring, generation and training steps must not leave tensors behind (memory would grow over thousands of steps).</summary>
public sealed class TensorLifetimeTests
{
    readonly TinyCharTokenizer tokenizer = new();

    [Fact]
    public void Scoring_generation_and_training_steps_leave_no_live_tensors()
    {
        using var model = TinyModels.Gpt(context: 8);
        var options = new GenerationOptions(MaxTokens: 12, Seed: 3);
        var data = TinyModels.RandomIds(2, 9, 31);
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-3);
        void TrainStep()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            model.Loss(data[TensorIndex.Colon, TensorIndex.Slice(0, 8)], data[TensorIndex.Colon, TensorIndex.Slice(1, null)]).backward();
            optimizer.step();
        }
        void Everything()
        {
            Scoring.Score(model, tokenizer, "abcdefg", 3);
            Scoring.StepByStep(model, tokenizer, "abcdefg", 3);
            Scoring.Attention(model, tokenizer, "abcdefg");
            TextGenerator.Generate(model, tokenizer, "abc", options);
            TrainStep();
        }
        Everything(); // optimizer state and gradients are created once, on the first step

        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 5; i++) Everything();

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Empty(Scoring.Score(model, tokenizer, "a", 3).Tokens); // a single token is context only
    }
}
