using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmInteractive.Models;
using LlmInteractive.Tokenizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmInteractive.Checkpoints;

/// <summary>
/// One-file checkpoints: a zip holding the model weights (TorchSharp state dict), optimizer state, the configuration
/// record as JSON with its type name, the tokenizer (<see cref="TokenizerStore"/> JSON) and the step. Writes go to a temporary file renamed over the target,
/// so a crash mid-save never leaves a half-written checkpoint where a good one was; the next save removes the temporary
/// files such a crash left. The manifest holds the SHA-256 of every other entry, checked on load: a damaged file is
/// refused instead of loading wrong weights (checkpoints saved before checksums load unchecked).
/// </summary>
public static class Checkpoint
{
    const int FormatVersion = 1;
    const string ManifestEntry = "checkpoint.json";
    const string ModelEntry = "model.bin";
    const string OptimizerEntry = "optimizer.bin";
    const string TokenizerEntry = "tokenizer.json";
    const string TokenTableEntry = "tokenizer-tokens.json";
    const string ChecksumsField = "sha256";

    static readonly JsonSerializerOptions json = new() { WriteIndented = true };

    /// <param name="module">The model's module (<c>ILanguageModel.Module</c>).</param>
    /// <param name="config">Configuration record (serialised with System.Text.Json); loading compares it field by field.</param>
    /// <param name="step">Optimizer steps completed, restored by the trainer's Resume.</param>
    public static void Save(string path, nn.Module module, OptimizerHelper? optimizer = null, object? config = null,
        ITokenizer? tokenizer = null, int step = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(module);
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be 0 or more.");
        Runtime.TorchRuntime.EnsureLoaded();

        using var scope = NewDisposeScope();   // state-dict views created while saving are freed at the end
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        RemoveStaleTemporaryFiles(full);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            // FileShare.None: a later save sees this file is in use and leaves it alone.
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    var checksums = new JsonObject();
                    WriteEntry(zip, ModelEntry, checksums, s =>
                    {
                        using var writer = new BinaryWriter(s);
                        module.save(writer);
                    });
                    if (optimizer is not null)
                        WriteEntry(zip, OptimizerEntry, checksums, s =>
                        {
                            using var writer = new BinaryWriter(s);
                            optimizer.save_state_dict(writer);
                        });
                    if (tokenizer is not null)
                    {
                        WriteEntry(zip, TokenTableEntry, checksums, s => JsonSerializer.Serialize(s, TokenTable(tokenizer)));
                        if (StoredTokenizer(tokenizer) is { } stored)
                            WriteEntry(zip, TokenizerEntry, checksums, s => s.Write(System.Text.Encoding.UTF8.GetBytes(stored)));
                    }
                    // Last, so it can hold the checksums of the entries above (readers find entries by name).
                    var manifest = Manifest(module, optimizer, config, tokenizer, step);
                    manifest[ChecksumsField] = checksums;
                    WriteEntry(zip, ManifestEntry, null, s => JsonSerializer.Serialize(s, manifest, json));
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Deletes <c>PATH.GUID.tmp</c> files that a save killed mid-way (SIGKILL, power loss) left beside this checkpoint.
    /// One that another save still holds open is in use, and kept.
    /// </summary>
    static void RemoveStaleTemporaryFiles(string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(folder)) return;
        var prefix = Path.GetFileName(fullPath) + ".";
        foreach (var candidate in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
        {
            var middle = Path.GetFileName(candidate)[prefix.Length..^".tmp".Length];
            if (middle.Length != 32 || !Guid.TryParseExact(middle, "N", out _)) continue;
            try
            {
                using (new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
                File.Delete(candidate);
            }
            catch (IOException)
            {
                // In use by a save under way, or gone already.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to delete.
            }
        }
    }

    /// <summary>Reads step, config, tokenizer and tensor shapes without loading any weights.</summary>
    public static CheckpointInfo ReadInfo(string path)
    {
        using var zip = Open(path);
        return ReadInfo(zip, path);
    }

    /// <summary>
    /// Loads weights (and the optimizer state when <paramref name="optimizer"/> is given and the checkpoint has one) into
    /// an existing module. With <paramref name="expectedConfig"/> the saved config must match it field by field; the
    /// tensor shapes must always match. Mismatches throw <see cref="CheckpointMismatchException"/> naming each one.
    /// </summary>
    public static CheckpointInfo Load(string path, nn.Module module, OptimizerHelper? optimizer = null, object? expectedConfig = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        Runtime.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var zip = Open(path);
        var manifest = ReadManifest(zip, path);

        if (expectedConfig is not null && manifest["config"] is { } savedConfig)
        {
            var differences = new List<string>();
            var savedType = (string?)manifest["configType"];
            var expectedType = expectedConfig.GetType().FullName;
            if (savedType != expectedType) differences.Add($"config type: checkpoint {savedType}, model {expectedType}");
            else
            {
                using var saved = JsonDocument.Parse(savedConfig.ToJsonString());
                using var current = JsonSerializer.SerializeToDocument(expectedConfig, expectedConfig.GetType());
                differences.AddRange(ConfigComparison.Differences(saved.RootElement, current.RootElement));
            }

            if (differences.Count > 0) throw new CheckpointMismatchException(path, differences);
        }

        var shapeDifferences = ConfigComparison.ShapeDifferences(Shapes(manifest), Shapes(module));
        if (shapeDifferences.Count > 0) throw new CheckpointMismatchException(path, shapeDifferences);

        using (var reader = new BinaryReader(ReadEntry(zip, ModelEntry, path, manifest)))
            module.load(reader, strict: true);

        if (optimizer is not null && zip.GetEntry(OptimizerEntry) is not null)
        {
            using var reader = new BinaryReader(ReadEntry(zip, OptimizerEntry, path, manifest));
            optimizer.load_state_dict(reader);
        }

        return ReadInfo(zip, path);
    }

    /// <summary>
    /// Builds a model from the checkpoint's own configuration and loads its weights:
    /// <c>Checkpoint.LoadModel(path, (GptConfig c) => new Gpt(c))</c>.
    /// </summary>
    public static TModel LoadModel<TConfig, TModel>(string path, Func<TConfig, TModel> create) where TModel : ILanguageModel
    {
        ArgumentNullException.ThrowIfNull(create);
        var info = ReadInfo(path);
        if (info.Config is not TConfig config)
            throw new InvalidOperationException(
                $"The checkpoint '{path}' holds a config of type {info.ConfigType ?? "(none)"}, not {typeof(TConfig).FullName}; " +
                "pass a factory for the checkpoint's config type.");
        var model = create(config);
        Load(path, model.Module);
        return model;
    }

    static JsonObject Manifest(nn.Module module, OptimizerHelper? optimizer, object? config, ITokenizer? tokenizer, int step)
    {
        var shapes = new JsonObject();
        foreach (var (name, shape) in Shapes(module)) shapes[name] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray());
        return new JsonObject
        {
            ["format"] = FormatVersion,
            ["step"] = step,
            ["saved"] = DateTimeOffset.UtcNow,
            ["configType"] = config?.GetType().FullName,
            ["configAssembly"] = config?.GetType().Assembly.GetName().Name,
            ["config"] = config is null ? null : JsonSerializer.SerializeToNode(config, config.GetType()),
            ["tokenizer"] = tokenizer?.Name,
            ["optimizer"] = optimizer?.GetType().Name,
            ["shapes"] = shapes,
        };
    }

    static CheckpointInfo ReadInfo(ZipArchive zip, string path)
    {
        var manifest = ReadManifest(zip, path);
        var configType = (string?)manifest["configType"];
        object? config = null;
        if (configType is not null && manifest["config"] is { } node)
        {
            // Types from script cells live in dynamic assemblies Type.GetType cannot see; their config stays null.
            var type = Type.GetType($"{configType}, {(string?)manifest["configAssembly"]}");
            if (type is not null) config = node.Deserialize(type);
        }

        ITokenizer? tokenizer = null;
        if (zip.GetEntry(TokenizerEntry) is not null)
        {
            using var reader = new StreamReader(ReadEntry(zip, TokenizerEntry, path, manifest));
            tokenizer = TokenizerStore.FromJson(reader.ReadToEnd());
        }

        return new CheckpointInfo(
            (int)manifest["step"]!, config, configType, tokenizer, (string?)manifest["tokenizer"], Shapes(manifest),
            zip.GetEntry(OptimizerEntry) is not null, (DateTimeOffset)manifest["saved"]!);
    }

    static ZipArchive Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No checkpoint at '{Path.GetFullPath(path)}'; check the path or save one with Checkpoint.Save.", path);
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a checkpoint (not a zip archive); it may be truncated or another file type.", e);
        }
    }

    static JsonObject ReadManifest(ZipArchive zip, string path)
    {
        using var stream = ReadEntry(zip, ManifestEntry, path);
        var manifest = JsonNode.Parse(stream) as JsonObject
                       ?? throw new InvalidDataException($"The checkpoint '{path}' has an unreadable {ManifestEntry}.");
        var format = (int?)manifest["format"];
        if (format != FormatVersion)
            throw new InvalidDataException(
                $"The checkpoint '{path}' has format {format?.ToString() ?? "(none)"}; this version reads format {FormatVersion}.");
        return manifest;
    }

    // Entries are copied to memory: TorchSharp's readers may seek, which deflate streams cannot.
    /// <param name="manifest">When given and it lists a checksum for the entry, the entry must match it.</param>
    static MemoryStream ReadEntry(ZipArchive zip, string name, string path, JsonObject? manifest = null)
    {
        var entry = zip.GetEntry(name)
                    ?? throw new InvalidDataException($"The checkpoint '{path}' has no '{name}' entry; it was not written by Checkpoint.Save.");
        var memory = new MemoryStream();
        using (var stream = entry.Open()) stream.CopyTo(memory);
        if (manifest?[ChecksumsField]?[name] is JsonValue saved)
        {
            var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(memory.GetBuffer().AsSpan(0, (int)memory.Length)));
            if (!string.Equals(actual, (string?)saved, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException(
                    $"The checkpoint '{Path.GetFullPath(path)}' is corrupt: its {name} does not match the SHA-256 saved with it " +
                    "(the file was damaged after it was written); restore it from a copy or save it again.");
        }
        memory.Position = 0;
        return memory;
    }

    /// <param name="checksums">Receives the entry's SHA-256 (hex) under its name; null for the manifest itself.</param>
    static void WriteEntry(ZipArchive zip, string name, JsonObject? checksums, Action<Stream> write)
    {
        // Weights barely compress; storing them keeps saves fast.
        var level = name.EndsWith(".bin", StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Fastest;
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        using (var stream = new HashingStream(zip.CreateEntry(name, level).Open(), hash)) write(stream);
        if (checksums is not null) checksums[name] = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Writes through to the zip entry and hashes what passes, so the weights are hashed without a second copy.</summary>
    sealed class HashingStream(Stream inner, System.Security.Cryptography.IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    static Dictionary<string, long[]> Shapes(nn.Module module)
    {
        using var scope = NewDisposeScope();
        return module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
    }

    static Dictionary<string, long[]> Shapes(JsonObject manifest) =>
        (manifest["shapes"] as JsonObject ?? [])
        .ToDictionary(kv => kv.Key, kv => kv.Value!.AsArray().Select(d => (long)d!).ToArray());

    // TokenizerStore knows the lab's tokenizers (char, BPE, cl100k); others keep only their token table, for inspection.
    static string? StoredTokenizer(ITokenizer tokenizer)
    {
        try
        {
            return TokenizerStore.ToJson(tokenizer);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    static object TokenTable(ITokenizer tokenizer) => new
    {
        name = tokenizer.Name,
        vocabSize = tokenizer.VocabSize,
        tokens = Enumerable.Range(0, tokenizer.VocabSize).Select(tokenizer.TokenText).ToArray(),
    };
}
