using System.Text;
using System.Text.Json;

namespace LlmInteractive.Views;

/// <summary>
/// Interactive neuron view of one layer: a head selector and the tokens as buttons (click one to make it the query);
/// the table recomputes q·k, the scaled scores and the softmax from the embedded vectors (float32, base64) and shows
/// the model's weight beside each. Inline script and styles, ids unique per output.
/// </summary>
public static class NeuronViewHtml
{
    public static string Render(NeuronView view)
    {
        view.Validated();
        var vectors = view.Vectors;
        var layer = view.Layer;
        var data = JsonSerializer.Serialize(new
        {
            tokens = vectors.Tokens.Select(TokenLabels.Visible).ToArray(),
            layer,
            heads = vectors.Heads,
            head = view.Head,
            query = view.Query,
            d = vectors.HeadSize,
            scale = vectors.Scale,
            causal = vectors.Attention.Causal,
            // [head][0 = queries, 1 = keys][token][dimension]
            vectors = WeightEncoding.Float32Base64(
                from h in Enumerable.Range(0, vectors.Heads)
                from side in new[] { vectors.Queries[layer][h], vectors.Keys[layer][h] }
                from token in side
                from x in token
                select x),
            // [head][query][key]: the weights the model computed, to compare with the recomputed softmax
            weights = WeightEncoding.Float32Base64(
                from head in vectors.Attention.Weights[layer]
                from row in head
                from w in row
                select w),
        });
        var id = MarkupIds.Next("llmi-neuron");
        var html = new StringBuilder(data.Length + 8192);
        html.Append($"<div class=\"llmi-neuron\" id=\"{id}\"><style>");
        html.Append($"#{id}{{font:13px system-ui,sans-serif;color:#222}}#{id} .bar{{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:4px 0 8px}}#{id} select{{font:inherit}}");
        html.Append($"#{id} .qs{{display:flex;flex-wrap:wrap;gap:3px;margin:4px 0 8px}}#{id} .qt{{font:12px ui-monospace,monospace;padding:1px 5px;border:1px solid #ccc;border-radius:3px;cursor:pointer;background:#fafafa}}");
        html.Append($"#{id} .qt.sel{{background:#dde6f7;border-color:#4e79a7;font-weight:bold}}#{id} table{{border-collapse:collapse}}");
        html.Append($"#{id} th{{font-weight:normal;color:#555;font-size:11px;text-align:left;padding:2px 6px}}#{id} td{{padding:1px 6px;font:12px ui-monospace,monospace;white-space:nowrap}}#{id} td.n{{text-align:right}}");
        html.Append($"#{id} .v{{display:inline-block;width:6px;height:14px;vertical-align:middle}}#{id} tr.q td{{border-bottom:1px solid #ccc;padding-bottom:4px}}");
        html.Append($"#{id} .w{{display:inline-block;height:10px;background:#4e79a7;vertical-align:middle;margin-right:4px}}#{id} tr.m td{{color:#aaa}}#{id} .note{{font-size:11px;color:#666}}");
        html.Append($"</style><div class=\"bar\"><span>Layer {layer}</span><label>Head <select class=\"hs\">");
        for (var h = 0; h < vectors.Heads; h++) html.Append($"<option value=\"{h}\"{(h == view.Head ? " selected" : "")}>{h}</option>");
        html.Append($"</select></label><span class=\"note\">d = {vectors.HeadSize}, 1/√d = {ColorScale.F(vectors.Scale, 4)} · click a token to make it the query · " +
                    "blue = negative, red = positive</span></div><div class=\"qs\">");
        for (var i = 0; i < vectors.Tokens.Count; i++) html.Append($"<span class=\"qt\" data-i=\"{i}\">{TokenLabels.Html(vectors.Tokens[i])}</span>");
        html.Append("</div><div class=\"table\"></div><div class=\"sum note\"></div>");
        ViewScript.Append(html, id, data, Script);
        return html.ToString();
    }

    const string Script = """
function floats(b64){return new Float32Array(bytesOf(b64).buffer);}
const V=floats(d.vectors),M=floats(d.weights),T=d.tokens.length,D=d.d;
const hs=root.querySelector('.hs'),host=root.querySelector('.table'),sum=root.querySelector('.sum'),qts=[...root.querySelectorAll('.qt')];
let query=d.query;
function vec(h,side,t){const o=((h*2+side)*T+t)*D;return V.subarray(o,o+D);}
function esc(t){return t.replace(/&/g,'&amp;').replace(/</g,'&lt;').replace(/>/g,'&gt;');}
function colour(x){const a=Math.min(1,Math.abs(x)),c=x>=0?[178,24,43]:[33,102,172];return 'rgb('+c.map(v=>Math.round(255+(v-255)*a)).join(',')+')';}
function strip(v,scale){let s='';for(let i=0;i<v.length;i++)s+='<span class="v" style="background:'+colour(v[i]/scale)+'" title="'+i+': '+v[i].toFixed(3)+'"></span>';return s;}
function render(){
 const h=Number(hs.value),q=vec(h,0,query),keys=[];
 for(let k=0;k<T;k++)keys.push(vec(h,1,k));
 let vmax=1e-9;for(const x of q)vmax=Math.max(vmax,Math.abs(x));for(const v of keys)for(const x of v)vmax=Math.max(vmax,Math.abs(x));
 const prods=keys.map(k=>k.map((x,i)=>x*q[i]));let pmax=1e-9;for(const p of prods)for(const x of p)pmax=Math.max(pmax,Math.abs(x));
 const visible=keys.map((_,k)=>!d.causal||k<=query);
 const dots=prods.map(p=>p.reduce((a,b)=>a+b,0)),scores=dots.map(x=>x*d.scale);
 const mx=Math.max(...scores.filter((_,k)=>visible[k])),ex=scores.map((s,k)=>visible[k]?Math.exp(s-mx):0),z=ex.reduce((a,b)=>a+b,0),soft=ex.map(e=>e/z);
 let t='<table><tr><th>key</th><th>k (each cell one of '+D+' dimensions)</th><th>q × k (elementwise)</th><th>q·k</th><th>× 1/√d</th><th>softmax</th><th>model</th></tr>';
 t+='<tr class="q"><td>q: '+esc(d.tokens[query])+'</td><td>'+strip(q,vmax)+'</td><td colspan="5">query token '+query+' · layer '+d.layer+' · head '+h+'</td></tr>';
 let maxDiff=0,total=0;
 for(let k=0;k<T;k++){const m=M[(h*T+query)*T+k];
  if(!visible[k]){t+='<tr class="m"><td>'+esc(d.tokens[k])+'</td><td colspan="5">masked: a causal model cannot attend to a later token</td><td class="n">'+m.toFixed(4)+'</td></tr>';continue;}
  maxDiff=Math.max(maxDiff,Math.abs(soft[k]-m));total+=soft[k];
  t+='<tr data-k="'+k+'"><td>'+esc(d.tokens[k])+'</td><td>'+strip(keys[k],vmax)+'</td><td>'+strip(prods[k],pmax)+'</td><td class="n">'+dots[k].toFixed(3)+'</td><td class="n">'+scores[k].toFixed(3)+
     '</td><td><span class="w" style="width:'+Math.round(60*soft[k])+'px"></span>'+soft[k].toFixed(4)+'</td><td class="n">'+m.toFixed(4)+'</td></tr>';}
 host.innerHTML=t+'</table>';
 qts.forEach(x=>x.classList.toggle('sel',Number(x.dataset.i)===query));
 root.dataset.query=String(query);root.dataset.maxdiff=maxDiff.toExponential(2);
 sum.textContent='softmax(s)ₖ = exp(sₖ) / Σⱼ exp(sⱼ) with sₖ = q·k × '+d.scale.toFixed(4)+': Σ = '+total.toFixed(4)+'; largest difference from the model\'s weights '+maxDiff.toExponential(1);}
qts.forEach(x=>x.addEventListener('click',()=>{query=Number(x.dataset.i);render();}));
hs.addEventListener('change',render);
render();
""";
}
