/**
 * The drift report as one self-contained HTML file: inline CSS, inline SVG charts, and a few lines of
 * inline script to sort the table. No external resources, so it opens offline and stays small.
 */
import { formatNumber } from './report.js';
import type { ColumnDrift, DriftReport, Histogram } from './types.js';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 12px}h2{font-size:16px;margin:28px 0 8px}h3{font-size:14px;margin:0 0 4px}
.verdict{padding:12px 16px;border-radius:6px;font-size:16px;font-weight:600;margin-bottom:8px}
.drift{background:#ffebe9;border:1px solid #ff8182}.nodrift{background:#dafbe1;border:1px solid #4ac26b}
.none{background:#fff8c5;border:1px solid #d4a72c}.meta{color:#59636e;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:4px 8px;border-bottom:1px solid #d1d9e0;text-align:left}
th{cursor:pointer;background:#f6f8fa;user-select:none;white-space:nowrap}th:after{content:' \\2195';color:#8c959f}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.d td:first-child{border-left:3px solid #cf222e}
.tag{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px}.tag.d{background:#ffebe9;color:#a40e26}
.tag.ok{background:#dafbe1;color:#116329}.tag.warning{background:#fff8c5;color:#7d4e00}.tag.critical{background:#ffebe9;color:#a40e26}
.cols{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:16px}
.col{border:1px solid #d1d9e0;border-radius:6px;padding:10px 12px}.col svg{display:block;width:100%;height:auto}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;vertical-align:-1px}
ul{margin:4px 0;padding-left:20px}.note{color:#59636e;font-size:12px}
`;

// Sorts rows by the clicked column, numerically when cells carry data-v.
const SCRIPT = `
document.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){
var tb=th.closest('table').tBodies[0],rows=[].slice.call(tb.rows),asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
rows.sort(function(a,b){var x=a.cells[i],y=b.cells[i],p=x.dataset.v,q=y.dataset.v;
var r=(p!==undefined&&q!==undefined)?(+p)-(+q):x.textContent.localeCompare(y.textContent);return asc?r:-r;});
rows.forEach(function(r){tb.appendChild(r);});});});
`;

const REF = '#0969da';
const CUR = '#e16f24';

/** Renders the report as a standalone HTML document. */
export function renderHtml(report: DriftReport): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const verdictClass = report.testedColumns === 0 ? 'none' : report.datasetDrift ? 'drift' : 'nodrift';
  const verdict = report.testedColumns === 0
    ? 'No verdict: no column could be compared'
    : report.datasetDrift ? 'Dataset drift detected' : 'No dataset drift';
  const notes = [...report.notes, ...report.columns.flatMap((c) => c.notes.map((n) => `${c.name}: ${n}`))];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Drift report: ${esc(report.current.path)}</title><style>${CSS}</style></head><body>
<h1>Data drift report</h1>
<div class="verdict ${verdictClass}">${verdict}</div>
<p>${report.driftedColumns} of ${report.testedColumns} compared columns drifted (${pct(report.driftShare)}); the dataset drifts at ${pct(report.driftShareThreshold)} or more.</p>
<p class="meta">Reference: ${esc(report.reference.path)} (${report.reference.rows.toLocaleString('en-US')} rows) ·
Current: ${esc(report.current.path)} (${report.current.rows.toLocaleString('en-US')} rows) · ${esc(report.generatedAt)}</p>
${notes.length ? `<h2>Notes</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
${report.skippedColumns.length ? `<h2>Not compared</h2><ul>${report.skippedColumns.map((s) => `<li><b>${esc(s.name)}</b>: ${esc(s.reason)}</li>`).join('')}</ul>` : ''}
<h2>Columns</h2>
${columnTable(report.columns)}
<h2>Distributions</h2>
<p class="legend">Shares of rows per bin or category:<span style="background:${REF}"></span>reference<span style="background:${CUR}"></span>current</p>
<div class="cols">${report.columns.map(columnCard).join('\n')}</div>
<script>${SCRIPT}</script>
</body></html>
`;
}

function num(x: number | null): string {
  const v = x === null || Number.isNaN(x) ? '' : ` data-v="${x === Infinity ? 1e308 : x === -Infinity ? -1e308 : x}"`;
  return `<td class="n"${v}>${formatNumber(x)}</td>`;
}

function columnTable(columns: ColumnDrift[]): string {
  const head = ['Column', 'Type', 'Method', 'Statistic', 'p-value', 'Threshold', 'Drift', 'Missing ref', 'Missing cur', 'PSI level'];
  const rows = columns.map((c) => `<tr class="${c.drifted ? 'd' : ''}"><td>${esc(c.name)}</td><td>${c.type}</td><td>${c.method}</td>`
    + `${num(c.statistic)}${num(c.pValue)}${num(c.threshold)}`
    + `<td data-v="${c.drifted ? 1 : 0}"><span class="tag ${c.drifted ? 'd' : 'ok'}">${c.drifted ? 'drift' : 'ok'}</span></td>`
    + `<td class="n" data-v="${c.missingReference}">${c.missingReference} (${(100 * c.missingShareReference).toFixed(1)}%)</td>`
    + `<td class="n" data-v="${c.missingCurrent}">${c.missingCurrent} (${(100 * c.missingShareCurrent).toFixed(1)}%)</td>`
    + `<td>${c.psiLevel ? `<span class="tag ${c.psiLevel}">${c.psiLevel}</span>` : ''}</td></tr>`);
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function columnCard(c: ColumnDrift): string {
  const p = c.pValue === null ? '' : `, p = ${formatNumber(c.pValue)}`;
  return `<div class="col"><h3>${esc(c.name)} <span class="tag ${c.drifted ? 'd' : 'ok'}">${c.drifted ? 'drift' : 'ok'}</span></h3>`
    + `<div class="note">${c.type}${c.basis ? ` (${c.basis})` : ''} · ${c.method} = ${formatNumber(c.statistic)}${p} · threshold ${formatNumber(c.threshold)}</div>`
    + (c.extra?.length ? `<div class="note">also: ${c.extra.map((e) => `${e.method} = ${formatNumber(e.statistic)}`
      + `${e.pValue === null ? '' : ` (p = ${formatNumber(e.pValue)})`}${e.psiLevel ? ` ${e.psiLevel}` : ''}`).join(' · ')}</div>` : '')
    + `${chart(c.histogram)}</div>`;
}

const W = 380;
const H = 150;
const PAD = { l: 34, r: 6, t: 6, b: 30 };

/** Overlaid bars for bins, side-by-side pairs for categories; heights are shares of each side's rows. */
function chart(h: Histogram): string {
  const refTotal = h.reference.reduce((s, x) => s + x, 0) + (h.kind === 'categories' ? h.otherReference : 0);
  const curTotal = h.current.reduce((s, x) => s + x, 0) + (h.kind === 'categories' ? h.otherCurrent : 0);
  const ref = h.reference.map((x) => x / (refTotal || 1));
  const cur = h.current.map((x) => x / (curTotal || 1));
  const labels = h.kind === 'categories' ? [...h.labels] : [];
  if (h.kind === 'categories' && (h.otherReference > 0 || h.otherCurrent > 0)) {
    ref.push(h.otherReference / (refTotal || 1));
    cur.push(h.otherCurrent / (curTotal || 1));
    labels.push('(other)');
  }
  const n = ref.length;
  if (n === 0) return '';
  const top = Math.max(...ref, ...cur) || 1;
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const y = (v: number): number => PAD.t + ih - (v / top) * ih;
  const f = (v: number): string => v.toFixed(1);
  const bw = iw / n;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const x0 = PAD.l + i * bw;
    if (h.kind === 'bins') {
      parts.push(`<rect x="${f(x0)}" y="${f(y(ref[i]!))}" width="${f(Math.max(bw - 1, 0.5))}" height="${f(PAD.t + ih - y(ref[i]!))}" fill="${REF}" fill-opacity=".45"/>`);
      parts.push(`<rect x="${f(x0)}" y="${f(y(cur[i]!))}" width="${f(Math.max(bw - 1, 0.5))}" height="${f(PAD.t + ih - y(cur[i]!))}" fill="${CUR}" fill-opacity=".45"/>`);
    } else {
      const half = Math.max((bw - 2) / 2, 0.5);
      parts.push(`<rect x="${f(x0 + 1)}" y="${f(y(ref[i]!))}" width="${f(half)}" height="${f(PAD.t + ih - y(ref[i]!))}" fill="${REF}"><title>${esc(labels[i]!)}: ${(100 * ref[i]!).toFixed(2)}% reference</title></rect>`);
      parts.push(`<rect x="${f(x0 + 1 + half)}" y="${f(y(cur[i]!))}" width="${f(half)}" height="${f(PAD.t + ih - y(cur[i]!))}" fill="${CUR}"><title>${esc(labels[i]!)}: ${(100 * cur[i]!).toFixed(2)}% current</title></rect>`);
    }
  }
  const axis = `<line x1="${PAD.l}" y1="${PAD.t + ih}" x2="${W - PAD.r}" y2="${PAD.t + ih}" stroke="#8c959f"/>`
    + `<text x="${PAD.l - 4}" y="${PAD.t + 8}" font-size="10" text-anchor="end" fill="#59636e">${(100 * top).toFixed(0)}%</text>`
    + `<text x="${PAD.l - 4}" y="${PAD.t + ih}" font-size="10" text-anchor="end" fill="#59636e">0</text>`;
  let xlabels = '';
  if (h.kind === 'bins') {
    const lo = formatNumber(h.edges[0]!);
    const hi = formatNumber(h.edges[h.edges.length - 1]!);
    xlabels = `<text x="${PAD.l}" y="${H - 14}" font-size="10" fill="#59636e">${lo}</text>`
      + `<text x="${W - PAD.r}" y="${H - 14}" font-size="10" text-anchor="end" fill="#59636e">${hi}</text>`;
  } else {
    const every = Math.ceil(n / 12);
    for (let i = 0; i < n; i += every) {
      const label = labels[i]!.length > 10 ? `${labels[i]!.slice(0, 9)}…` : labels[i]!;
      xlabels += `<text x="${f(PAD.l + (i + 0.5) * bw)}" y="${H - 16}" font-size="9" text-anchor="middle" fill="#59636e">${esc(label)}</text>`;
    }
  }
  return `<svg viewBox="0 0 ${W} ${H}" role="img">${parts.join('')}${axis}${xlabels}</svg>`;
}
