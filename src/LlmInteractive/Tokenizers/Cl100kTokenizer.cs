using Microsoft.ML.Tokenizers;

namespace LlmInteractive.Tokenizers;

/// <summary>
/// The real GPT-4 / GPT-3.5 tokenizer ("cl100k_base"), through Microsoft.ML.Tokenizers. The vocabulary ships in the
/// Microsoft.ML.Tokenizers.Data.Cl100kBase package, so it works offline. Ids 0..100255 are byte-level BPE tokens,
/// 100257.. are special tokens such as &lt;|endoftext|&gt;; ids in neither set are rejected.
/// </summary>
public sealed class Cl100kTokenizer : ITokenizer
{
    public const string EncodingName = "cl100k_base";

    // Loading the 100k-entry vocabulary takes a moment; one shared instance serves every caller (it is read-only).
    private static readonly Lazy<Cl100kTokenizer> SharedInstance = new(() => new Cl100kTokenizer());

    private readonly TiktokenTokenizer _tokenizer;
    private readonly Dictionary<int, string> _specialTokens;
    private readonly Dictionary<int, byte[]> _tokenBytes;

    private Cl100kTokenizer()
    {
        _tokenizer = TiktokenTokenizer.CreateForEncoding(EncodingName);
        _specialTokens = (_tokenizer.SpecialTokens ?? new Dictionary<string, int>()).ToDictionary(pair => pair.Value, pair => pair.Key);
        _tokenBytes = ReadTokenBytes();
        int maxOrdinary = _tokenBytes.Keys.Max();
        int maxSpecial = _specialTokens.Count == 0 ? -1 : _specialTokens.Keys.Max();
        VocabSize = Math.Max(maxOrdinary, maxSpecial) + 1;
    }

    /// <summary>The process-wide instance.</summary>
    public static Cl100kTokenizer Shared => SharedInstance.Value;

    public string Name => "cl100k";

    /// <summary>One more than the largest id (ordinary or special); a few ids below it are unused.</summary>
    public int VocabSize { get; }

    /// <summary>The underlying Microsoft.ML.Tokenizers tokenizer, for anything this view does not expose.</summary>
    public TiktokenTokenizer Inner => _tokenizer;

    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Utf8Text.EnsureWellFormed(text);
        return _tokenizer.EncodeToIds(text);
    }

    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids as IReadOnlyCollection<int> ?? ids.ToList();
        foreach (int id in list) EnsureKnown(id);
        return _tokenizer.Decode(list);
    }

    public string TokenText(int id)
    {
        EnsureKnown(id);
        return _specialTokens.TryGetValue(id, out var special) ? special : Utf8Text.Display(_tokenBytes[id]);
    }

    // The library keeps its id → bytes table internal, so read the same ranks file it reads, from the data package's
    // embedded resource: a "Capacity: N" header, then one base64 token per line whose rank (= id) is its line index
    // (or an explicit "base64 rank" line, the plain tiktoken format). Needed to show partial UTF-8 tokens as \xNN.
    private static Dictionary<int, byte[]> ReadTokenBytes()
    {
        const string assemblyName = "Microsoft.ML.Tokenizers.Data.Cl100kBase";
        const string resourceName = "cl100k_base.tiktoken.deflate";
        var assembly = System.Reflection.Assembly.Load(assemblyName);
        using var compressed = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{assemblyName} has no resource {resourceName}; check the package version in Directory.Packages.props.");
        using var inflated = new System.IO.Compression.DeflateStream(compressed, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(inflated);
        var table = new Dictionary<int, byte[]>(100_300);
        int rank = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0) rank = int.Parse(line.AsSpan(space + 1), System.Globalization.CultureInfo.InvariantCulture);
            table[rank++] = Convert.FromBase64String(space > 0 ? line[..space] : line);
        }
        return table;
    }

    private void EnsureKnown(int id)
    {
        TokenIds.EnsureInRange(id, VocabSize, Name);
        if (!_tokenBytes.ContainsKey(id) && !_specialTokens.ContainsKey(id))
        {
            throw new ArgumentOutOfRangeException(nameof(id), id,
                $"Token id {id} is unused in {EncodingName}: valid ids are 0..{VocabSize - 1} except unused ones like this. " +
                "Decode only ids produced by the same tokenizer.");
        }
    }
}
