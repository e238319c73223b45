using System.Text;
using System.Text.Json;

namespace LlmInteractive.Views;

/// <summary>
/// Interactive head view (bertviz's): a layer selector, one colour swatch per head (click: hide or show the head;
/// double-click: that head alone), a selector of sentence A/B for pairs, and hover on a token to keep only its lines.
/// Inline script and styles, weights as base64 uint16, element ids unique per output.
/// </summary>
public static class HeadViewHtml
{
    /// <summary>Weights embedded for all layers together; beyond this only the view's layer is embedded (no layer selector).</summary>
    public const int CellBudget = 400_000;

    public static string Render(HeadView view)
    {
        view.Validated();
        var maps = view.Maps;
        var tokens = maps.Tokens.Count;
        int[] layers = maps.Layers * maps.Heads * tokens * tokens <= CellBudget ? [.. Enumerable.Range(0, maps.Layers)] : [view.Layer];
        var colours = ColorScale.Categorical(maps.Heads);
        var weights = from layer in layers
                      from head in maps.Weights[layer]
                      from row in head
                      from w in row
                      select w;
        var data = JsonSerializer.Serialize(new
        {
            tokens = maps.Tokens.Select(TokenLabels.Visible).ToArray(),
            segments = view.Segments,
            pair = view.IsPair,
            causal = maps.Causal,
            heads = maps.Heads,
            layers,
            colours,
            data = WeightEncoding.Uint16Base64(weights, layers.Length * maps.Heads * tokens * tokens),
        });
        var id = MarkupIds.Next("llmi-head");
        var html = new StringBuilder(data.Length + 8192);
        html.Append($"<div class=\"llmi-head\" id=\"{id}\"><style>");
        html.Append($"#{id}{{font:13px system-ui,sans-serif;color:#222}}#{id} .bar{{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:4px 0 8px}}");
        html.Append($"#{id} select{{font:inherit;padding:1px 4px}}#{id} .sw{{display:inline-block;width:16px;height:16px;margin-right:3px;border-radius:3px;cursor:pointer;border:2px solid transparent;vertical-align:middle}}");
        html.Append($"#{id} .sw.off{{opacity:.18;border-color:#999}}#{id} .note{{font-size:11px;color:#666}}");
        html.Append($"#{id} svg text{{font:12px ui-monospace,Menlo,Consolas,monospace;fill:#222}}#{id} svg text.seg{{font:bold 11px system-ui,sans-serif;fill:#888}}");
        html.Append($"#{id} g.tok{{cursor:pointer}}#{id} g.tok rect{{fill:transparent}}#{id} g.tok.hl rect{{fill:#e4e9f7}}");
        html.Append("</style><div class=\"bar\"><label>Layer <select class=\"ls\">");
        foreach (var l in layers) html.Append($"<option value=\"{l}\"{(l == view.Layer ? " selected" : "")}>{l}</option>");
        html.Append("</select></label>");
        if (view.IsPair)
        {
            html.Append("<label>Attention <select class=\"ms\"><option value=\"all\">all tokens</option>");
            foreach (var (value, label) in new[] { ("0-0", "A → A"), ("0-1", "A → B"), ("1-0", "B → A"), ("1-1", "B → B") })
                html.Append($"<option value=\"{value}\">{label}</option>");
            html.Append("</select></label>");
        }
        html.Append("<span class=\"heads\">Heads ");
        for (var h = 0; h < maps.Heads; h++)
            html.Append($"<span class=\"sw\" data-h=\"{h}\" style=\"background:{colours[h]}\" title=\"head {h}: click to hide or show, double-click for this head alone\"></span>");
        html.Append("</span></div>");
        html.Append($"<div class=\"note\">Left: the querying token; right: the tokens it attends to; line opacity = weight. " +
                    $"Hover a token to keep only its lines.{(view.IsPair ? " Sentence A above, B below." : "")}</div>");
        html.Append("<div class=\"lines\"></div><div class=\"info note\"></div>");
        ViewScript.Append(html, id, data, Script);
        return html.ToString();
    }

    const string Script = """
const bytes=bytesOf(d.data);
const dv=new DataView(bytes.buffer),T=d.tokens.length,H=d.heads;
const ls=root.querySelector('.ls'),ms=root.querySelector('.ms'),host=root.querySelector('.lines'),info=root.querySelector('.info');
const on=d.colours.map(()=>true),sw=[...root.querySelectorAll('.sw')];
function w(li,h,q,k){const v=dv.getUint16((((li*H+h)*T+q)*T+k)*2,true);return v===65535?0:v/65534;}
function esc(t){return t.replace(/&/g,'&amp;').replace(/</g,'&lt;').replace(/>/g,'&gt;');}
const RH=20,TW=Math.min(140,16+7.5*Math.max(...d.tokens.map(t=>t.length))),GAP=d.pair?22:0,LX=TW,RX=TW+240,W=RX+TW;
function members(seg){const a=[];for(let i=0;i<T;i++)if(seg<0||d.segments[i]===seg)a.push(i);return a;}
function rows(list){const y={};let off=34;list.forEach((i,n)=>{if(n>0&&d.segments[i]!==d.segments[list[n-1]])off+=GAP;y[i]=off+RH/2;off+=RH;});y.end=off;return y;}
function render(){
 const li=d.layers.indexOf(Number(ls.value)),mode=ms?ms.value:'all';
 const left=members(mode==='all'?-1:Number(mode[0])),right=members(mode==='all'?-1:Number(mode[2]));
 const yl=rows(left),yr=rows(right),height=Math.max(yl.end,yr.end)+6;
 let s='';
 for(let h=0;h<H;h++){if(!on[h])continue;
  for(const q of left)for(const k of right){if(d.causal&&k>q)continue;const v=w(li,h,q,k);if(v<0.004)continue;
   s+='<line x1="'+(LX+6)+'" y1="'+yl[q]+'" x2="'+(RX-6)+'" y2="'+yr[k]+'" stroke="'+d.colours[h]+'" stroke-opacity="'+v.toFixed(3)+'" stroke-width="2" data-q="'+q+'" data-k="'+k+'" data-h="'+h+'"/>';}}
 let t='<text x="'+LX+'" y="16" text-anchor="end" class="seg">query</text><text x="'+RX+'" y="16" class="seg">key</text>';
 function column(list,y,side,x,anchor){let prev=-1;for(const i of list){
   if(d.pair&&d.segments[i]!==prev&&side==='q'){t+='<text class="seg" x="2" y="'+(y[i]+4)+'">'+(d.segments[i]?'B':'A')+'</text>';}
   if(d.pair&&d.segments[i]!==prev&&side==='k'){t+='<text class="seg" x="'+(W-2)+'" y="'+(y[i]+4)+'" text-anchor="end">'+(d.segments[i]?'B':'A')+'</text>';}
   prev=d.segments[i];
   t+='<g class="tok '+side+'" data-i="'+i+'"><rect x="'+(side==='q'?0:RX-4)+'" y="'+(y[i]-RH/2)+'" width="'+(TW+4)+'" height="'+RH+'" rx="3"/><text x="'+x+'" y="'+(y[i]+4)+'" text-anchor="'+anchor+'">'+esc(d.tokens[i])+'</text></g>';}}
 column(left,yl,'q',LX,'end');column(right,yr,'k',RX,'start');
 host.innerHTML='<svg xmlns="http://www.w3.org/2000/svg" width="'+W+'" height="'+height+'" viewBox="0 0 '+W+' '+height+'">'+s+t+'</svg>';
 host.querySelectorAll('g.tok').forEach(g=>{g.addEventListener('mouseenter',()=>focus(g));g.addEventListener('mouseleave',()=>focus(null));});
 focus(null);}
function focus(g){const side=g?(g.classList.contains('q')?'q':'k'):null,i=g?g.dataset.i:null;let shown=0;
 host.querySelectorAll('line').forEach(l=>{const vis=!g||l.dataset[side]===i;l.style.display=vis?'':'none';if(vis)shown++;});
 host.querySelectorAll('g.tok').forEach(x=>x.classList.toggle('hl',x===g));
 root.dataset.shown=String(shown);
 info.textContent=g?(side==='q'?'query ':'key ')+i+' '+d.tokens[i]+': '+shown+' line(s) of '+on.filter(x=>x).length+' head(s)':'layer '+ls.value+' · '+on.filter(x=>x).length+' of '+H+' heads shown · '+shown+' lines (weights below 0.004 not drawn)';}
sw.forEach(s=>{const h=Number(s.dataset.h);
 s.addEventListener('click',()=>{on[h]=!on[h];s.classList.toggle('off',!on[h]);render();});
 s.addEventListener('dblclick',()=>{on.fill(false);on[h]=true;sw.forEach(x=>x.classList.toggle('off',!on[Number(x.dataset.h)]));render();});});
ls.addEventListener('change',render);if(ms)ms.addEventListener('change',render);
render();
""";
}
