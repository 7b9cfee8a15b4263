/**
 * Two runs side by side: for every target, profile and window both have, each metric's value
 * in A, in B and the change, called better or worse by the one direction table
 * (runner/results/metric-direction.ts: lower is better for latency, time, CPU and RAM; higher for req/s).
 */
import { WORSE_WHEN, type Quantity } from '../results/metric-direction.ts';
import type { RunReport, TargetResult, WindowResult } from '../results/report-schema.ts';
import { mean } from '../results/stats.ts';
import { markdownTable } from '../report/render-markdown.ts';
import { fmt, type Table } from '../report/report-tables.ts';

interface Metric {
  name: string;
  quantity: Quantity;
  get(w: WindowResult): number | undefined;
}

export const WINDOW_METRICS: Metric[] = [
  { name: 'req/s', quantity: 'throughput', get: (w) => w.throughputRps },
  { name: 'p50 ms', quantity: 'latency', get: (w) => w.latency.p50 },
  { name: 'p99 ms', quantity: 'latency', get: (w) => w.latency.p99 },
  { name: 'paper s', quantity: 'time', get: (w) => (w.paperSeconds?.length ? mean(w.paperSeconds) : undefined) },
  { name: 'errors %', quantity: 'errors', get: (w) => w.errorRate * 100 },
];

const key = (r: TargetResult) => `${r.target}\u0000${r.profile}`;

function change(a: number | undefined, b: number | undefined, quantity: Quantity): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return '–';
  if (a === 0) return b === 0 ? '0%' : 'new';
  const d = ((b - a) / Math.abs(a)) * 100;
  const better = WORSE_WHEN[quantity] === 'up' ? d < 0 : d > 0;
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
        rows.push([ra.target, ra.profile, wa.window, m.name, fmt(x, 3), fmt(y, 3), change(x, y, m.quantity)]);
      }
    }
    for (const [name, quantity, get] of [
      ['CPU % mean', 'cpu', (r: TargetResult) => r.resources?.cpuPercentMean],
      ['RSS MB mean', 'memory', (r: TargetResult) => r.resources?.rssMbMean],
    ] as const) {
      rows.push([ra.target, ra.profile, '', name, fmt(get(ra)), fmt(get(rb)), change(get(ra), get(rb), quantity)]);
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
