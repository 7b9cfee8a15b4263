/** report.html: one self-contained page (inline SVG charts, inline CSS, no scripts, no network). */
import type { RunReport } from '../results/report-schema.ts';
import type { Chart } from './charts.ts';
import { environmentLines } from './render-markdown.ts';
import type { Table } from './report-tables.ts';
import type { Verdict } from './verdict.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlTable(t: Table): string {
  const head = `<tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<section id="${t.id}"><h2>${esc(t.title)}</h2>${t.note ? `<p class="note">${esc(t.note)}</p>` : ''}${
    t.rows.length ? `<table><thead>${head}</thead><tbody>${body}</tbody></table>` : '<p><em>no results</em></p>'
  }</section>`;
}

const CSS = `body{font:14px system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.note{color:#555;max-width:900px}
figure{display:inline-block;margin:0 1em 1em 0}pre{background:#f6f6f6;padding:.5em;overflow:auto;max-height:20em}
#verdict li{margin:.3em 0;font-size:15px}#verdict .basis{color:#555;font-size:13px}`;

/** The verdict: one line per question, with where its figures come from. */
function verdictSection(verdict: Verdict): string {
  const items = verdict.lines.map((l) => `<li class="outcome-${l.outcome}">${esc(l.text)}${l.basis ? ` <span class="basis">(${esc(l.basis)})</span>` : ''}</li>`).join('');
  const excluded = verdict.excluded.map((e) => `${e.target} (${e.profile}): ${e.why}`).join('; ');
  return `<section id="verdict"><h2>Verdict</h2><ul>${items}</ul>${excluded ? `<p class="note">Not judged: ${esc(excluded)}.</p>` : ''}</section>`;
}

const figure = (c: Chart) => `<figure id="chart-${c.id}"><figcaption>${esc(c.title)}</figcaption>${c.svg}</figure>`;

/** The verdict and the charts that show it first, then the run, the detailed tables, the other charts and failures. */
export function renderHtml(report: RunReport, tables: Table[], charts: Chart[], verdict: Verdict, verdictCharts: Chart[]): string {
  const env = environmentLines(report).map((l) => `<li>${esc(l.replace(/^- /, '').replace(/`/g, ''))}</li>`).join('');
  const figures = charts.map(figure).join('\n');
  const failures = report.results
    .filter((r) => r.failure)
    .map((r) => `<h3>${esc(r.target)} (${esc(r.profile)})</h3><p>${esc(r.failure!.reason)}</p><pre>${esc(r.failure!.logTail)}</pre>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>servebench ${esc(report.runId)}</title><style>${CSS}</style></head>
<body><h1>servebench run ${esc(report.runId)}</h1>
${verdictSection(verdict)}
<section id="verdict-charts"><h2>What shows it</h2>${verdictCharts.map(figure).join('\n') || '<p><em>no data to chart</em></p>'}</section>
<section id="run"><h2>The run</h2><ul>${env}</ul></section>
${tables.map(htmlTable).join('\n')}
<section id="charts"><h2>More charts</h2>${figures || '<p><em>no data to chart</em></p>'}</section>
${failures ? `<section id="failures"><h2>Failed targets</h2>${failures}</section>` : ''}
</body></html>
`;
}
