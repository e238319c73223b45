using LlmInteractive.Evaluation;
using LlmInteractive.Models;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using static TorchSharp.torch;

namespace LlmInteractive.Views;

/// <summary>
/// Registers every LLM view with Microsoft.DotNet.Interactive.Formatting, with its preferred mime types, so that
/// <c>MimeBundles.From(value)</c> and <c>value.Display()</c> emit all of them (text/plain always).
/// </summary>
public static class ViewFormatters
{
    public const string Html = "text/html";
    public const string Svg = "image/svg+xml";
    public const string Plain = "text/plain";
    public const string PlotlyJson = "application/vnd.plotly.v1+json";

    /// <summary>Safe to call repeatedly: each call replaces the previous registrations.</summary>
    public static void Register()
    {
        Add<AttentionMaps>(m => AttentionHtml.Render(new AttentionView(m)), m => AttentionSvg.Render(new AttentionView(m)), m => AttentionText.Render(new AttentionView(m)));
        Add<AttentionView>(AttentionHtml.Render, AttentionSvg.Render, AttentionText.Render);
        Add<HeadView>(HeadViewHtml.Render, HeadViewSvg.Render, HeadViewText.Render);
        Add<NeuronView>(NeuronViewHtml.Render, NeuronViewSvg.Render, NeuronViewText.Render);
        Add<TokenProbabilities>(TokenProbabilitiesHtml.Render, TokenProbabilitiesSvg.Render, TokenProbabilitiesText.Render);
        Add<TokenizationView>(v => v.ToHtml(), null, v => v.ToString());
        Add<TrainingProgressSnapshot>(s => s.ToHtml(), s => s.ToSvg(), s => s.ToString());
        Add<TensorSummary>(s => s.ToHtml(), null, s => s.ToString());
        Add<Tensor>(t => TensorSummary.From(t).ToHtml(), null, t => TensorSummary.From(t).ToString());
        Add<ModelSummary>(s => s.ToHtml(), null, s => s.ToString());
        // Lab models are both torch modules and ILanguageModels: whichever formatter is picked, use the richer summary.
        Add<nn.Module>(m => Summary(m).ToHtml(), null, m => Summary(m).ToString());
        Add<ILanguageModel>(m => ModelSummary.From(m).ToHtml(), null, m => ModelSummary.From(m).ToString());
        Add<GenerationStream>(g => g.ToHtml(), null, g => g.ToString());
        Add<DeviceTable>(d => d.ToHtml(), null, d => d.ToString());
        Add<PowerLawFit>(f => $"<code>{TokenLabels.Escape(f.ToString())}</code>", null, f => f.ToString());

        Formatter.Register<GenericChart>((chart, writer) => writer.Write(PlotlyFallback.FigureJson(chart)), PlotlyJson);
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(PlotlyFallback.Html(chart)), Html);
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(PlotlyFallback.Svg(chart)), Svg);
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(PlotlyFallback.Text(chart)), Plain);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), PlotlyJson, Html, Svg, Plain);
    }

    static ModelSummary Summary(nn.Module module) =>
        module is ILanguageModel model ? ModelSummary.From(model) : ModelSummary.From(module);

    static void Add<T>(Func<T, string> html, Func<T, string>? svg, Func<T, string> plain)
    {
        Formatter.Register<T>((value, writer) => writer.Write(html(value)), Html);
        if (svg is not null) Formatter.Register<T>((value, writer) => writer.Write(svg(value)), Svg);
        Formatter.Register<T>((value, writer) => writer.Write(plain(value)), Plain);
        Formatter.SetPreferredMimeTypesFor(typeof(T), svg is null ? [Html, Plain] : [Html, Svg, Plain]);
    }
}
