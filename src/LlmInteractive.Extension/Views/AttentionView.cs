using LlmInteractive.Models;

namespace LlmInteractive.Views;

/// <summary>
/// What part of an <see cref="AttentionMaps"/> to show: one head (<paramref name="Layer"/> and <paramref name="Head"/>
/// set), all heads of a layer (<paramref name="Head"/> null), one head across all layers (<paramref name="Layer"/>
/// null), or the full layers × heads grid (both null). Display it, or format <see cref="AttentionMaps"/> directly for the grid.
/// </summary>
public sealed record AttentionView(AttentionMaps Maps, int? Layer = null, int? Head = null)
{
    public AttentionView Validated()
    {
        if (Maps.Layers == 0 || Maps.Heads == 0)
            throw new ArgumentException("The attention maps are empty: the model returned no layers or heads.", nameof(Maps));
        if (Maps.Weights.Any(l => l.Length != Maps.Heads))
            throw new ArgumentException("Every layer of the attention maps must have the same number of heads.", nameof(Maps));
        var tokens = Maps.Tokens.Count;
        foreach (var layer in Maps.Weights)
            foreach (var head in layer)
            {
                if (head.Length != tokens) throw Mismatch(tokens, head.Length);
                foreach (var row in head)
                    if (row.Length != tokens) throw Mismatch(tokens, row.Length);
            }
        if (Layer is { } l2 && (l2 < 0 || l2 >= Maps.Layers))
            throw new ArgumentOutOfRangeException(nameof(Layer), l2, $"Layer must be in 0..{Maps.Layers - 1} (the model has {Maps.Layers} layers).");
        if (Head is { } h2 && (h2 < 0 || h2 >= Maps.Heads))
            throw new ArgumentOutOfRangeException(nameof(Head), h2, $"Head must be in 0..{Maps.Heads - 1} (each layer has {Maps.Heads} heads).");
        return this;
    }

    ArgumentException Mismatch(int tokens, int found) => new(
        $"Attention weights must be tokens × tokens ({tokens} × {tokens}, one per token in Maps.Tokens); found a dimension of {found}.", nameof(Maps));

    /// <summary>The layers shown, in order.</summary>
    public IReadOnlyList<int> ShownLayers => Layer is { } l ? [l] : Enumerable.Range(0, Maps.Layers).ToArray();

    /// <summary>The heads shown, in order.</summary>
    public IReadOnlyList<int> ShownHeads => Head is { } h ? [h] : Enumerable.Range(0, Maps.Heads).ToArray();

    public bool IsSingleHead => ShownLayers.Count == 1 && ShownHeads.Count == 1;
}

public static class AttentionMapsViews
{
    /// <summary>A view of one head, all heads of a layer, one head across layers, or everything (nulls = all).</summary>
    public static AttentionView View(this AttentionMaps maps, int? layer = null, int? head = null) =>
        new AttentionView(maps, layer, head).Validated();

    /// <summary>The model view: every layer × head as a labelled matrix of thumbnails; click one to enlarge it.</summary>
    public static AttentionView ModelView(this AttentionMaps maps) => new AttentionView(maps).Validated();

    /// <summary>bertviz's head view, opening on <paramref name="layer"/> (see <see cref="Views.HeadView"/>).</summary>
    public static HeadView HeadView(this AttentionMaps maps, int layer = 0) => new HeadView(maps, layer).Validated();
}
