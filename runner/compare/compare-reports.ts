/**
 * Two runs side by side: for every target, profile and window both have, each metric's value
 * in A, in B and the change. Lower is better for latency, time, CPU and RAM; higher for req/s.
 */
import type { RunReport, TargetResult, WindowResult } from '../results/report-schema.ts';
import { markdownTable } from '../report/render-markdown.ts';
import { fmt, type Table } from '../report/report-tables.ts';

interface Metric {
  name: string;
  higherIsBetter: boolean;
  get(w: WindowResult): number | undefined;
}

const avg = (xs: number[] | undefined) => (xs?.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);

export const WINDOW_METRICS: Metric[] = [
  { name: 'req/s', higherIsBetter: true, get: (w) => w.throughputRps },
  { name: 'p50 ms', higherIsBetter: false, get: (w) => w.latency.p50 },
  { name: 'p99 ms', higherIsBetter: false, get: (w) => w.latency.p99 },
  { name: 'paper s', higherIsBetter: false, get: (w) => avg(w.paperSeconds) },
  { name: 'errors %', higherIsBetter: false, get: (w) => w.errorRate * 100 },
];

const key = (r: TargetResult) => `${r.target}\u0000${r.profile}`;

function change(a: number | undefined, b: number | undefined, higherIsBetter: boolean): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return '–';
  if (a === 0) return b === 0 ? '0%' : 'new';
  const d = ((b - a) / Math.abs(a)) * 100;
  const better = higherIsBetter ? d > 0 : d < 0;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)}%${Math.abs(d) >= 5 ? (better ? ' better' : ' worse') : ''}`;
}

export function compareRows(a: RunReport, b: RunReport): string[][] {
  const rows: string[][] = [];
  const bByKey = new Map(b.results.map((r) => [key(r), r]));
  for (const ra of a.results) {
    const rb = bByKey.get(key(ra));
    if (!rb) continue;
    if (ra.status !== 'ok' || rb.status !== 'ok') {
      rows.push([ra.target, ra.profile, '', 'status', ra.status, rb.status, '']);
      continue;
    }
    for (const wa of ra.windows) {
      const wb = rb.windows.find((w) => w.window === wa.window);
      if (!wb) continue;
      for (const m of WINDOW_METRICS) {
        const [x, y] = [m.get(wa), m.get(wb)];
        if (x === undefined && y === undefined) continue;
        rows.push([ra.target, ra.profile, wa.window, m.name, fmt(x, 3), fmt(y, 3), change(x, y, m.higherIsBetter)]);
      }
    }
    for (const [name, get] of [
      ['CPU % mean', (r: TargetResult) => r.resources?.cpuPercentMean],
      ['RSS MB mean', (r: TargetResult) => r.resources?.rssMbMean],
    ] as const) {
      rows.push([ra.target, ra.profile, '', name, fmt(get(ra)), fmt(get(rb)), change(get(ra), get(rb), false)]);
    }
  }
  return rows;
}

export function compareReports(a: RunReport, b: RunReport): string {
  const table: Table = { id: 'compare', title: '', header: ['target', 'profile', 'window', 'metric', `A ${a.runId}`, `B ${b.runId}`, 'change'], rows: compareRows(a, b) };
  const only = (x: RunReport, y: RunReport) => x.results.filter((r) => !y.results.some((s) => key(s) === key(r))).map((r) => `${r.target} ${r.profile}`);
  const notes = [
    only(a, b).length ? `Only in A: ${only(a, b).join(', ')}` : '',
    only(b, a).length ? `Only in B: ${only(b, a).join(', ')}` : '',
  ].filter(Boolean);
  return `# servebench compare: ${a.runId} -> ${b.runId}\n\n${markdownTable(table)}\n${notes.length ? `\n${notes.join('\n')}\n` : ''}`;
}
