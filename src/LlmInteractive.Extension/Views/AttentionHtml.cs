using System.Text;
using System.Text.Json;

namespace LlmInteractive.Views;

/// <summary>
/// Interactive attention view: layer and head selectors, a grid of heads (click one to zoom) and a single-head
/// heatmap with the weight under the pointer. Inline script and styles only; the weights travel as base64 uint16.
/// </summary>
public static class AttentionHtml
{
    /// <summary>Total pooled cells embedded over all panels (bounds the size of the output).</summary>
    public const int CellBudget = 250_000;

    /// <summary>Largest per-panel resolution embedded.</summary>
    public const int MaxCells = 256;

    public static string Render(AttentionView view)
    {
        view.Validated();
        var maps = view.Maps;
        var layers = view.ShownLayers;
        var heads = view.ShownHeads;
        var tokens = maps.Tokens.Count;
        var panels = layers.Count * heads.Count;
        var maxCells = Math.Clamp((int)Math.Sqrt((double)CellBudget / panels), 4, MaxCells);
        var block = AttentionPooling.BlockSize(tokens, maxCells);
        var cells = AttentionPooling.Cells(tokens, block);

        var weights = from layer in layers
                      from head in heads
                      from w in AttentionPooling.Pool(maps.Weights[layer][head], block, maps.Causal)
                      select w;
        var data = JsonSerializer.Serialize(new
        {
            tokens = maps.Tokens.Select(TokenLabels.Visible).ToArray(),
            n = tokens,
            causal = maps.Causal,
            layers,
            heads,
            block,
            cells,
            palette = ColorScale.Viridis,
            data = WeightEncoding.Uint16Base64(weights, panels * cells * cells),
        });
        var id = MarkupIds.Next("llmi-att");
        var html = new StringBuilder(data.Length + 8192);
        html.Append($"<div class=\"llmi-att\" id=\"{id}\"><style>");
        html.Append($"#{id}{{position:relative;font:13px system-ui,sans-serif;color:#222}}");
        html.Append($"#{id} .bar{{display:flex;gap:12px;align-items:center;margin:4px 0 8px}}#{id} select{{font:inherit;padding:1px 4px}}");
        html.Append($"#{id} .panels{{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start}}");
        html.Append($"#{id} figure{{margin:0;text-align:center;cursor:pointer}}#{id} figcaption{{font:11px ui-monospace,monospace;color:#555}}");
        html.Append($"#{id} canvas{{image-rendering:pixelated;border:1px solid #ddd}}#{id} button.back{{font:11px system-ui,sans-serif;margin-top:4px;cursor:pointer}}");
        html.Append($"#{id} table.matrix{{border-collapse:collapse}}#{id} table.matrix th{{font:11px ui-monospace,monospace;color:#555;font-weight:normal;padding:2px 6px;white-space:nowrap}}#{id} table.matrix td{{padding:2px}}");
        html.Append($"#{id} .tip{{position:absolute;pointer-events:none;background:#222;color:#fff;padding:3px 6px;border-radius:4px;font:12px ui-monospace,monospace;white-space:pre;display:none;z-index:10}}");
        html.Append($"#{id} .legend{{display:flex;align-items:center;gap:6px;font-size:11px;color:#555}}#{id} .legend span.sw{{display:inline-block;width:10px;height:12px}}");
        html.Append("</style><div class=\"bar\"><label>Layer <select class=\"ls\"><option value=\"all\">all</option>");
        foreach (var l in layers) html.Append($"<option value=\"{l}\">{l}</option>");
        html.Append("</select></label><label>Head <select class=\"hs\"><option value=\"all\">all</option>");
        foreach (var h in heads) html.Append($"<option value=\"{h}\">{h}</option>");
        html.Append($"</select></label><span class=\"info\">{tokens} tokens{(maps.Causal ? " · causal" : "")}{(block > 1 ? $" · {block}×{block} blocks (mean)" : "")}</span><span class=\"legend\">0");
        foreach (var colour in ColorScale.Viridis) html.Append($"<span class=\"sw\" style=\"background:{colour}\"></span>");
        html.Append("1 <span>(colour ∝ √weight)</span><span class=\"sw\" style=\"background:repeating-linear-gradient(45deg,#eee 0 2px,#c8c8c8 2px 4px);width:14px\"></span>masked</span></div>");
        html.Append("<div class=\"panels\"></div><div class=\"tip\"></div>");
        ViewScript.Append(html, id, data, Script);
        return html.ToString();
    }

    const string Script = """
const bytes=bytesOf(d.data);
const dv=new DataView(bytes.buffer),C=d.cells,N=C*C;
const ls=root.querySelector('.ls'),hs=root.querySelector('.hs'),panels=root.querySelector('.panels'),tip=root.querySelector('.tip');
function w(p,q,k){const v=dv.getUint16((p*N+q*C+k)*2,true);return v===65535?NaN:v/65534;}
function level(x){return Math.min(15,Math.max(0,Math.floor(Math.sqrt(x)*16)));}
function label(i){if(d.block===1)return d.tokens[i];const a=i*d.block;return a+'–'+(Math.min(d.n,a+d.block)-1);}
function hatch(ctx){const c=document.createElement('canvas');c.width=c.height=6;const g=c.getContext('2d');g.fillStyle='#eeeeee';g.fillRect(0,0,6,6);g.strokeStyle='#c8c8c8';g.lineWidth=2;g.beginPath();g.moveTo(0,6);g.lineTo(6,0);g.stroke();return ctx.createPattern(c,'repeat');}
function paint(ctx,p,cs,x0,y0){const m=hatch(ctx);for(let q=0;q<C;q++)for(let k=0;k<C;k++){const v=w(p,q,k);ctx.fillStyle=isNaN(v)?m:d.palette[level(v)];ctx.fillRect(x0+k*cs,y0+q*cs,cs,cs);}}
function panelIndex(l,h){return d.layers.indexOf(l)*d.heads.length+d.heads.indexOf(h);}
function single(l,h){
 const p=panelIndex(l,h),cs=Math.max(2,Math.min(28,Math.floor(560/C))),labels=d.block===1&&C<=64;
 const m=labels?Math.min(110,14+7*Math.max(...d.tokens.map(t=>Math.min(12,t.length)))):0;
 const cv=document.createElement('canvas');cv.width=m+C*cs+2;cv.height=m+C*cs+2;
 const ctx=cv.getContext('2d');ctx.fillStyle='#fff';ctx.fillRect(0,0,cv.width,cv.height);paint(ctx,p,cs,m,m);
 if(labels){ctx.fillStyle='#333';ctx.font='11px ui-monospace,monospace';ctx.textBaseline='middle';
  for(let i=0;i<C;i++){const t=d.tokens[i].length>12?d.tokens[i].slice(0,11)+'…':d.tokens[i];ctx.textAlign='right';ctx.fillText(t,m-4,m+i*cs+cs/2);
   ctx.save();ctx.translate(m+i*cs+cs/2,m-4);ctx.rotate(-Math.PI/2);ctx.textAlign='left';ctx.fillText(t,0,0);ctx.restore();}}
 cv.style.border='none';cv.style.cursor='crosshair';
 cv.addEventListener('mousemove',e=>{const r=cv.getBoundingClientRect(),sx=cv.width/r.width,sy=cv.height/r.height;
  const k=Math.floor(((e.clientX-r.left)*sx-m)/cs),q=Math.floor(((e.clientY-r.top)*sy-m)/cs);
  if(q<0||k<0||q>=C||k>=C){tip.style.display='none';return;}
  const v=w(p,q,k),rr=root.getBoundingClientRect();
  tip.textContent=(d.block===1?'query '+q+' '+label(q)+'\nkey   '+k+' '+label(k):'queries '+label(q)+'\nkeys    '+label(k))+'\n'+(isNaN(v)?'masked (future token)':(d.block===1?'weight ':'mean weight ')+v.toFixed(4));
  tip.style.left=(e.clientX-rr.left+14)+'px';tip.style.top=(e.clientY-rr.top+14)+'px';tip.style.display='block';});
 cv.addEventListener('mouseleave',()=>{tip.style.display='none';});
 const f=document.createElement('figure');f.style.cursor='default';f.appendChild(cv);
 const cap=document.createElement('figcaption');cap.textContent='layer '+l+' · head '+h+' — rows: query, columns: key';f.appendChild(cap);
 if(d.layers.length*d.heads.length>1){const b=document.createElement('button');b.className='back';b.textContent='← all layers × heads';
  b.addEventListener('click',()=>{ls.value='all';hs.value='all';render();});cap.appendChild(document.createElement('br'));cap.appendChild(b);}
 panels.appendChild(f);}
function grid(L,H){
 // A labelled matrix: one row per layer, one column per head, so a pattern can be read off by its coordinates.
 const cs=Math.max(1,Math.floor((L.length*H.length>16?96:160)/C));
 const t=document.createElement('table');t.className='matrix';const hr=t.insertRow();hr.insertCell().textContent='';
 for(const h of H){const c=document.createElement('th');c.textContent='head '+h;hr.appendChild(c);}
 for(const l of L){const r=t.insertRow();const lc=document.createElement('th');lc.textContent='layer '+l;r.appendChild(lc);
  for(const h of H){const cv=document.createElement('canvas');cv.width=cv.height=C*cs;paint(cv.getContext('2d'),panelIndex(l,h),cs,0,0);
   const f=document.createElement('figure');f.title='layer '+l+' · head '+h+' (click to zoom)';f.appendChild(cv);
   f.addEventListener('click',()=>{ls.value=String(l);hs.value=String(h);render();});r.insertCell().appendChild(f);}}
 panels.appendChild(t);}
function render(){panels.textContent='';tip.style.display='none';
 const L=ls.value==='all'?d.layers:[Number(ls.value)],H=hs.value==='all'?d.heads:[Number(hs.value)];
 if(L.length===1&&H.length===1)single(L[0],H[0]);else grid(L,H);}
ls.addEventListener('change',render);hs.addEventListener('change',render);
if(d.layers.length===1)ls.value=String(d.layers[0]);if(d.heads.length===1)hs.value=String(d.heads[0]);
render();
""";
}
