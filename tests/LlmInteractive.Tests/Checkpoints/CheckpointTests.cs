using LlmInteractive.Checkpoints;
using LlmInteractive.Tests.Training;
using LlmInteractive.Tokenizers;
using LlmInteractive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmInteractive.Tests.Checkpoints;

public sealed class CheckpointTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("llmi-checkpoint-").FullName;

    static readonly BigramConfig config = new(VocabularySize: 12, EmbeddingSize: 16);

    static Tensor Ids() => torch.tensor(new long[] { 1, 5, 7, 11, 0, 3 }).view(2, 3);

    [Fact]
    public void A_round_trip_gives_identical_logits()
    {
        var path = Path.Combine(directory, "model.ckpt");
        Seeding.SeedAll(1);
        using var original = new BigramLanguageModel(config);
        Checkpoint.Save(path, original, config: config, tokenizer: new LetterTokenizer(), step: 7);

        Seeding.SeedAll(2);
        using var restored = new BigramLanguageModel(config);
        Assert.False(original.Logits(Ids()).SameAs(restored.Logits(Ids())));   // different before loading
        var info = Checkpoint.Load(path, restored, expectedConfig: config);

        Assert.True(original.Logits(Ids()).SameAs(restored.Logits(Ids())));
        Assert.Equal(7, info.Step);
        Assert.Equal(config, info.Config);
        Assert.Equal(typeof(BigramConfig).FullName, info.ConfigType);
        Assert.Equal("letters", info.TokenizerName);
        Assert.Null(info.Tokenizer);   // TokenizerStore does not know this kind: only its name and token table are kept
        Assert.False(info.HasOptimizerState);
        Assert.Equal(new long[] { 12, 16 }, info.ParameterShapes["embedding.weight"]);
    }

    [Fact]
    public void The_tokenizer_travels_with_the_checkpoint()
    {
        var path = Path.Combine(directory, "model.ckpt");
        using var model = new BigramLanguageModel(config);
        var tokenizer = CharTokenizer.FromCorpus("call me ishmael");
        Checkpoint.Save(path, model, tokenizer: tokenizer);

        var restored = Checkpoint.ReadInfo(path).Tokenizer;

        Assert.IsType<CharTokenizer>(restored);
        Assert.Equal(tokenizer.Encode("a small mice"), restored.Encode("a small mice"));
    }

    [Fact]
    public void A_model_can_be_built_from_the_checkpoints_own_config()
    {
        var path = Path.Combine(directory, "model.ckpt");
        using var original = new BigramLanguageModel(config with { EmbeddingSize = 6 });
        Checkpoint.Save(path, original, config: original.Config);

        using var loaded = Checkpoint.LoadModel(path, (BigramConfig c) => new BigramLanguageModel(c));

        Assert.Equal(6, loaded.Config.EmbeddingSize);
        Assert.True(original.Logits(Ids()).SameAs(loaded.Logits(Ids())));
    }

    [Fact]
    public void Loading_into_a_model_of_another_config_names_each_mismatching_field()
    {
        var path = Path.Combine(directory, "model.ckpt");
        using var wide = new BigramLanguageModel(config);
        Checkpoint.Save(path, wide, config: config);
        var narrowConfig = config with { EmbeddingSize = 8, ContextLength = 32 };
        using var narrow = new BigramLanguageModel(narrowConfig);

        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(path, narrow, expectedConfig: narrowConfig));

        Assert.Equal(["EmbeddingSize: checkpoint 16, model 8", "ContextLength: checkpoint 16, model 32"], error.Differences);
        Assert.Contains("EmbeddingSize: checkpoint 16, model 8", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Without_a_config_the_tensor_shapes_are_compared()
    {
        var path = Path.Combine(directory, "model.ckpt");
        using var wide = new BigramLanguageModel(config);
        Checkpoint.Save(path, wide);
        using var narrow = new BigramLanguageModel(config with { EmbeddingSize = 8 });

        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(path, narrow));

        Assert.Contains("embedding.weight: checkpoint [12, 16], model [12, 8]", error.Differences);
        Assert.Contains("head.weight: checkpoint [12, 16], model [12, 8]", error.Differences);
    }

    [Fact]
    public void Optimizer_state_restores_so_the_next_update_is_identical()
    {
        var path = Path.Combine(directory, "trained.ckpt");
        var options = new TrainingOptions { Steps = 10, WarmupSteps = 0, EvaluationInterval = 0, Seed = null };
        using var model = new BigramLanguageModel(config);
        using var trainer = new Trainer(model, options);
        Tensor Loss(BigramLanguageModel m) =>
            nn.functional.cross_entropy(m.Logits(Ids()).view(-1, 12), torch.tensor(new long[] { 5, 7, 11, 0, 3, 1 }));
        var task = new TrainingTask(_ => Loss(model), 6);
        trainer.Train(task);   // moments are now far from zero
        Checkpoint.Save(path, model, trainer.Optimizer, config);

        using var copy = new BigramLanguageModel(config);
        using var copyTrainer = new Trainer(copy, options);
        Checkpoint.Load(path, copy, copyTrainer.Optimizer, config);
        using var fresh = new BigramLanguageModel(config);
        using var freshTrainer = new Trainer(fresh, options);
        Checkpoint.Load(path, fresh, expectedConfig: config);   // weights only: moments start again at zero

        foreach (var (m, o) in new[] { (model, trainer.Optimizer), (copy, copyTrainer.Optimizer), (fresh, freshTrainer.Optimizer) })
        {
            o.zero_grad();
            Loss(m).backward();
            o.step();
        }

        Assert.True(model.Logits(Ids()).SameAs(copy.Logits(Ids())));
        Assert.False(model.Logits(Ids()).SameAs(fresh.Logits(Ids())));
    }

    [Fact]
    public void Saving_replaces_the_file_atomically_and_leaves_no_temporary_files()
    {
        var path = Path.Combine(directory, "nested", "model.ckpt");
        using var model = new BigramLanguageModel(config);
        Checkpoint.Save(path, model, step: 1);
        Checkpoint.Save(path, model, step: 2);

        Assert.Equal(2, Checkpoint.ReadInfo(path).Step);
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Four_corrupted_bytes_in_the_weights_are_caught_on_load_naming_the_file()
    {
        var path = Path.Combine(directory, "model.ckpt");
        using var model = new BigramLanguageModel(config);
        // A weight pattern the test can find in the file: the weights are stored uncompressed.
        using (no_grad()) model.named_parameters().Single(p => p.name == "embedding.weight").parameter.fill_(0.123456f);
        Checkpoint.Save(path, model, config: config);
        var bytes = File.ReadAllBytes(path);
        var pattern = Enumerable.Repeat(BitConverter.GetBytes(0.123456f), 4).SelectMany(b => b).ToArray();
        var at = bytes.AsSpan().IndexOf(pattern);
        Assert.True(at > 0, "the weights were not found in the file");
        BitConverter.GetBytes(5.9e34f).CopyTo(bytes, at + 4);
        File.WriteAllBytes(path, bytes);

        using var restored = new BigramLanguageModel(config);
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, restored, expectedConfig: config));

        Assert.Contains(path, error.Message);
        Assert.Contains("is corrupt", error.Message);
        Assert.Contains("model.bin", error.Message);
    }

    [Fact]
    public void A_checkpoint_saved_before_checksums_still_loads()
    {
        var path = Path.Combine(directory, "old.ckpt");
        using var original = new BigramLanguageModel(config);
        Checkpoint.Save(path, original, config: config, step: 3);
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("checkpoint.json")!;
            System.Text.Json.Nodes.JsonObject manifest;
            using (var stream = entry.Open()) manifest = System.Text.Json.Nodes.JsonNode.Parse(stream)!.AsObject();
            Assert.True(manifest.Remove("sha256"), "the checkpoint has no checksums to remove");
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("checkpoint.json").Open());
            writer.Write(manifest.ToJsonString());
        }

        using var restored = new BigramLanguageModel(config);
        Assert.Equal(3, Checkpoint.Load(path, restored, expectedConfig: config).Step);
        Assert.True(original.Logits(Ids()).SameAs(restored.Logits(Ids())));
    }

    [Fact]
    public void Saving_removes_the_temporary_files_a_killed_save_of_the_same_checkpoint_left()
    {
        var path = Path.Combine(directory, "model.ckpt");
        var stale = $"{path}.{Guid.NewGuid():N}.tmp";
        var inProgress = $"{path}.{Guid.NewGuid():N}.tmp";
        var otherCheckpoint = Path.Combine(directory, $"other.ckpt.{Guid.NewGuid():N}.tmp");
        var notOurs = $"{path}.notes.tmp";
        foreach (var file in new[] { stale, inProgress, otherCheckpoint, notOurs }) File.WriteAllText(file, "partial");
        using var model = new BigramLanguageModel(config);

        // A save under way in another process holds its temporary file open.
        using (new FileStream(inProgress, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            Checkpoint.Save(path, model, step: 1);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(inProgress));
        Assert.True(File.Exists(otherCheckpoint));
        Assert.True(File.Exists(notOurs));
        Assert.Equal(1, Checkpoint.ReadInfo(path).Step);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_named_as_such()
    {
        var path = Path.Combine(directory, "notes.txt");
        File.WriteAllText(path, "not a zip");

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadInfo(path));
        Assert.Contains("is not a checkpoint", error.Message);
        Assert.Throws<FileNotFoundException>(() => Checkpoint.ReadInfo(Path.Combine(directory, "missing.ckpt")));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>A 12-letter tokenizer, enough for the checkpoint to record a tokenizer.</summary>
    sealed class LetterTokenizer : ITokenizer
    {
        const string letters = "abcdefghijkl";

        public string Name => "letters";

        public int VocabSize => letters.Length;

        public IReadOnlyList<int> Encode(string text) => text.Select(c => letters.IndexOf(c)).ToArray();

        public string Decode(IEnumerable<int> ids) => string.Concat(ids.Select(i => letters[i]));

        public string TokenText(int id) => letters[id].ToString();
    }
}
