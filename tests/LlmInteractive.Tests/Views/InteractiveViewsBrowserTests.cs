using System.Text;
using System.Text.RegularExpressions;
using LlmInteractive.Kernel.Display;
using LlmInteractive.Runtime;
using LlmInteractive.Views;

namespace LlmInteractive.Tests.Views;

/// <summary>
/// The head, model, neuron and token views in headless Chromium, each twice on one page as in a notebook: they render,
/// answer hover and clicks as a reader would use them, and the second copy keeps its own state.
/// </summary>
public class InteractiveViewsBrowserTests
{
    const string Driver = """
        <script>(function(){
        const out=[];function log(k,v){out.push(k+'='+String(v).replace(/\s+/g,''));}
        const visible=r=>[...r.querySelectorAll('line')].filter(l=>l.style.display!=='none');
        const [h1,h2]=document.querySelectorAll('.llmi-head');
        log('head_lines',visible(h1).length);
        const tok=h1.querySelector('g.tok.q[data-i="3"]');tok.dispatchEvent(new MouseEvent('mouseenter'));
        log('hover_q3',visible(h1).length);log('hover_q3_other_query',visible(h1).filter(l=>l.dataset.q!=='3').length);log('second_copy_while_hovering',visible(h2).length);
        tok.dispatchEvent(new MouseEvent('mouseleave'));log('after_leave',visible(h1).length);
        const k8=h1.querySelector('g.tok.k[data-i="8"]');k8.dispatchEvent(new MouseEvent('mouseenter'));log('hover_k8',visible(h1).length);k8.dispatchEvent(new MouseEvent('mouseleave'));
        const sw=h1.querySelectorAll('.sw');sw[0].click();log('head0_off',visible(h1).length);log('head0_lines_left',h1.querySelectorAll('line[data-h="0"]').length);
        sw[1].dispatchEvent(new MouseEvent('dblclick'));log('head1_alone',visible(h1).length);
        const ms=h1.querySelector('.ms');ms.value='0-1';ms.dispatchEvent(new Event('change'));
        log('a_to_b',visible(h1).length);log('a_to_b_wrong_side',visible(h1).filter(l=>Number(l.dataset.q)>6||Number(l.dataset.k)<7).length);
        const ls=h1.querySelector('.ls');ls.value='1';ls.dispatchEvent(new Event('change'));log('layer1_a_to_b',visible(h1).length);
        log('second_copy',visible(h2).length);
        h2.querySelector('g.tok.q[data-i="0"]').dispatchEvent(new MouseEvent('mouseenter'));log('second_copy_hover_q0',visible(h2).length);
        const [m1,m2]=document.querySelectorAll('.llmi-att');
        log('model_thumbnails',m1.querySelectorAll('table.matrix figure').length);
        m1.querySelectorAll('table.matrix figure')[5].click();log('zoomed',m1.querySelectorAll('figure').length+':'+m1.querySelector('figcaption').textContent.split(' —')[0]);
        m1.querySelector('button.back').click();log('back',m1.querySelectorAll('table.matrix figure').length);log('model_second_copy',m2.querySelectorAll('table.matrix figure').length);
        const [n1,n2]=document.querySelectorAll('.llmi-neuron');
        log('neuron_query',n1.dataset.query);log('neuron_rows',n1.querySelectorAll('tr[data-k]').length);
        n1.querySelector('.qt[data-i="2"]').click();log('neuron_clicked_query',n1.dataset.query);log('neuron_rows_after',n1.querySelectorAll('tr[data-k]').length);
        log('neuron_masked_after',n1.querySelectorAll('tr.m').length);log('neuron_maxdiff',n1.dataset.maxdiff);
        const hs=n1.querySelector('.hs');hs.value='1';hs.dispatchEvent(new Event('change'));log('neuron_head1_maxdiff',n1.dataset.maxdiff);
        log('neuron_second_copy_query',n2.dataset.query);
        const [t1,t2]=document.querySelectorAll('.llmi-probs');const first=t1.querySelector('.t[data-rank]');
        const before=getComputedStyle(first).backgroundColor;t1.querySelector('.by-rank').click();
        log('token_colour',before+'>'+getComputedStyle(first).backgroundColor);log('token_second_copy',getComputedStyle(t2.querySelector('.t[data-rank]')).backgroundColor);
        log('rank_legend',getComputedStyle(t1.querySelector('.legend.lr')).display+'/'+getComputedStyle(t1.querySelector('.legend.lb')).display);
        console.log('interaction: '+out.join(' '));
        })();</script>
        """;

    static string WritePage(string directory)
    {
        TorchRuntime.EnsureLoaded();
        ViewFormatters.Register();
        var pair = ViewTestData.Attention(2, 3, HeadViewTests.PairTokens, causal: false, seed: 2);
        var grid = ViewTestData.Attention(2, 3, ViewTestData.Tokens(8), causal: true, seed: 3);
        var vectors = NeuronViewTests.Captured();
        object[] values =
        [
            pair.HeadView(), pair.HeadView(), grid.ModelView(), grid.ModelView(),
            vectors.NeuronView(1, 0, 5), vectors.NeuronView(0, 1, 7), ViewTestData.Probabilities(), ViewTestData.Probabilities(),
        ];
        var page = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>LLM views</title></head><body style=\"margin:16px\">");
        foreach (var value in values)
        {
            var bundle = MimeBundles.From(value);
            page.Append("<section style=\"margin-bottom:24px\">").Append((string)bundle.Data["text/html"]).Append("</section>");
            if (bundle.Data.TryGetValue("image/svg+xml", out var svg)) page.Append("<section>").Append((string)svg).Append("</section>");
        }
        page.Append(Driver).Append("</body></html>");
        var path = Path.Combine(directory, "interactive-views.html");
        File.WriteAllText(path, page.ToString());
        return path;
    }

    [ChromiumFact]
    public void Head_model_neuron_and_token_views_respond_to_hover_and_clicks_twice_on_one_page()
    {
        var directory = Directory.CreateTempSubdirectory("llmi-views-");
        var page = WritePage(directory.FullName);
        var png = Path.Combine(directory.FullName, "interactive-views.png");
        var console = HeadlessChromium.Screenshot(page, png, height: 4000);

        Assert.DoesNotContain(console, line => line.Contains("Uncaught", StringComparison.Ordinal) || line.Contains("Error", StringComparison.Ordinal));
        var line = Assert.Single(console, l => l.Contains("interaction:", StringComparison.Ordinal));
        Console.WriteLine(line);
        var values = Regex.Matches(line, @"(\w+)=(\S+)").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.TrimEnd('"', ','));
        // Head view, 3 heads over 11 tokens (A: 7, B: 4), every weight drawn: 3 × 11 × 11 lines.
        Assert.Equal("363", values["head_lines"]);
        Assert.Equal("33", values["hover_q3"]);                     // only the hovered query's lines, all heads
        Assert.Equal("0", values["hover_q3_other_query"]);
        Assert.Equal("363", values["second_copy_while_hovering"]);  // the other copy is untouched
        Assert.Equal("363", values["after_leave"]);
        Assert.Equal("33", values["hover_k8"]);
        Assert.Equal("242", values["head0_off"]);                    // a click hides head 0
        Assert.Equal("0", values["head0_lines_left"]);
        Assert.Equal("121", values["head1_alone"]);                  // a double-click keeps head 1 alone
        Assert.Equal("28", values["a_to_b"]);                        // 7 queries of A × 4 keys of B
        Assert.Equal("0", values["a_to_b_wrong_side"]);
        Assert.Equal("28", values["layer1_a_to_b"]);
        Assert.Equal("363", values["second_copy"]);
        Assert.Equal("33", values["second_copy_hover_q0"]);
        // Model view: 2 layers × 3 heads; the sixth thumbnail is layer 1 head 2; back to the grid.
        Assert.Equal("6", values["model_thumbnails"]);
        Assert.Equal("1:layer1·head2", values["zoomed"]);
        Assert.Equal("6", values["back"]);
        Assert.Equal("6", values["model_second_copy"]);
        // Neuron view of a causal model: query 5 sees keys 0..5; after a click on token 2, keys 0..2.
        Assert.Equal("5", values["neuron_query"]);
        Assert.Equal("6", values["neuron_rows"]);
        Assert.Equal("2", values["neuron_clicked_query"]);
        Assert.Equal("3", values["neuron_rows_after"]);
        Assert.Equal((NeuronViewTests.Captured().Tokens.Count - 3).ToString(System.Globalization.CultureInfo.InvariantCulture), values["neuron_masked_after"]);
        Assert.True(double.Parse(values["neuron_maxdiff"], System.Globalization.CultureInfo.InvariantCulture) < 1e-5, values["neuron_maxdiff"]);
        Assert.True(double.Parse(values["neuron_head1_maxdiff"], System.Globalization.CultureInfo.InvariantCulture) < 1e-5, values["neuron_head1_maxdiff"]);
        Assert.Equal("7", values["neuron_second_copy_query"]);
        // Token view: the rank switch recolours the first token (rank 1: green) and swaps the legends; the copy keeps surprisal.
        Assert.EndsWith(">rgb(141,209,168)", values["token_colour"]);
        Assert.NotEqual("rgb(141,209,168)", values["token_second_copy"]);
        Assert.Equal("flex/none", values["rank_legend"]);
        Assert.True(HeadlessChromium.InkFraction(png) > 0.02, "the screenshot looks blank");
    }
}
