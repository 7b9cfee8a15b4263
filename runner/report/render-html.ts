/** report.html: one self-contained page (inline SVG charts, inline CSS, no scripts, no network). */
import type { RunReport } from '../results/report-schema.ts';
import type { Chart } from './charts.ts';
import { environmentLines } from './render-markdown.ts';
import type { Table } from './report-tables.ts';

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
figure{display:inline-block;margin:0 1em 1em 0}pre{background:#f6f6f6;padding:.5em;overflow:auto;max-height:20em}`;

export function renderHtml(report: RunReport, tables: Table[], charts: Chart[]): string {
  const env = environmentLines(report).map((l) => `<li>${esc(l.replace(/^- /, '').replace(/`/g, ''))}</li>`).join('');
  const figures = charts.map((c) => `<figure id="chart-${c.id}"><figcaption>${esc(c.title)}</figcaption>${c.svg}</figure>`).join('\n');
  const failures = report.results
    .filter((r) => r.failure)
    .map((r) => `<h3>${esc(r.target)} (${esc(r.profile)})</h3><p>${esc(r.failure!.reason)}</p><pre>${esc(r.failure!.logTail)}</pre>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>servebench ${esc(report.runId)}</title><style>${CSS}</style></head>
<body><h1>servebench run ${esc(report.runId)}</h1><ul>${env}</ul>
${tables.map(htmlTable).join('\n')}
<section id="charts"><h2>Charts</h2>${figures || '<p><em>no data to chart</em></p>'}</section>
${failures ? `<section id="failures"><h2>Failed targets</h2>${failures}</section>` : ''}
</body></html>
`;
}
