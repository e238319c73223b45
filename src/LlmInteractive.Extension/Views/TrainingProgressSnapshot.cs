using System.Text;
using LlmInteractive.Experiments;
using LlmInteractive.Training;
using static LlmInteractive.Views.ColorScale;

namespace LlmInteractive.Views;

/// <summary>What a <see cref="TrainingProgressView"/> shows at one moment: the latest numbers and the loss history.</summary>
public sealed record TrainingProgressSnapshot(
    string Title, TrainingProgress? Latest, double[] Steps, double[] Losses, double[] ValidationSteps, double[] ValidationLosses, bool Completed)
{
    public string ToHtml()
    {
        var id = MarkupIds.Next("llmi-train");
        var html = new StringBuilder(16 * 1024);
        html.Append($"<div class=\"llmi-train\" id=\"{id}\"><style>");
        html.Append($"#{id}{{font:13px system-ui,sans-serif;color:#222;max-width:600px}}#{id} .hd{{font-weight:bold;margin-bottom:4px}}");
        html.Append($"#{id} .bar{{height:8px;background:#eee;border-radius:4px;overflow:hidden;margin:4px 0 8px}}#{id} .bar div{{height:100%;background:{(Completed ? "#2ca02c" : "#1f77b4")}}}");
        html.Append($"#{id} .kv{{display:grid;grid-template-columns:repeat(4,auto);gap:2px 16px;font-variant-numeric:tabular-nums;margin-bottom:6px}}#{id} .kv span{{color:#666}}");
        html.Append("</style>");
        if (Latest is not { } p)
            return html.Append($"<div class=\"hd\">{TokenLabels.Escape(Title)}: waiting for the first step…</div></div>").ToString();
        var fraction = p.TotalSteps > 0 ? Math.Clamp(p.Step / (double)p.TotalSteps, 0, 1) : 0;
        html.Append($"<div class=\"hd\">{TokenLabels.Escape(Title)} — {(Completed ? "finished" : "running")} · step {p.Step:N0} / {p.TotalSteps:N0} ({F(fraction * 100, 1)}%)</div>");
        html.Append($"<div class=\"bar\"><div style=\"width:{F(fraction * 100, 2)}%\"></div></div><div class=\"kv\">");
        html.Append($"<span>loss</span><b>{F(p.Loss, 4)}</b><span>validation loss</span><b>{(LastValidation is { } v ? F(v, 4) : "–")}</b>");
        html.Append($"<span>learning rate</span><b>{SvgLineChart.Label(p.LearningRate)}</b><span>tokens/s</span><b>{p.TokensPerSecond:N0}</b>");
        html.Append($"<span>elapsed</span><b>{Duration(p.Elapsed)}</b><span>{(Completed ? "best validation" : "ETA")}</span><b>{(Completed ? (BestValidation is { } b ? F(b, 4) : "–") : Duration(p.Eta))}</b>");
        html.Append("</div>");
        html.Append(SvgLineChart.Render(Series(), xTitle: "step", yTitle: "loss", height: 240));
        return html.Append("</div>").ToString();
    }

    /// <summary>The loss curve with the status as its title, as a standalone picture.</summary>
    public string ToSvg() => SvgLineChart.Render(Series(), title: ToString(), xTitle: "step", yTitle: "loss", width: 640, height: 280);

    public override string ToString()
    {
        if (Latest is not { } p) return $"{Title}: waiting for the first step";
        var validation = LastValidation is { } v ? $", val {F(v, 4)}" : "";
        return Completed
            ? $"{Title} finished: {p.Step}/{p.TotalSteps} steps in {Duration(p.Elapsed)}, final loss {F(p.Loss, 4)}{validation}" +
              $"{(BestValidation is { } b ? $", best val {F(b, 4)}" : "")}, {p.TokensPerSecond:N0} tokens/s"
            : $"{Title}: step {p.Step}/{p.TotalSteps}, loss {F(p.Loss, 4)}{validation}, lr {SvgLineChart.Label(p.LearningRate)}, " +
              $"{p.TokensPerSecond:N0} tokens/s, elapsed {Duration(p.Elapsed)}, ETA {Duration(p.Eta)}";
    }

    public double? LastValidation => ValidationLosses.Length > 0 ? ValidationLosses[^1] : null;

    public double? BestValidation => ValidationLosses.Length > 0 ? ValidationLosses.Min() : null;

    IReadOnlyList<LineSeries> Series() => ValidationLosses.Length > 0
        ? [new LineSeries("train", Steps, Losses), new LineSeries("validation", ValidationSteps, ValidationLosses, Markers: ValidationLosses.Length < 40)]
        : [new LineSeries("train", Steps, Losses)];

    static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m {t.Seconds:00}s" : $"{F(t.TotalSeconds, 1)} s";
}
