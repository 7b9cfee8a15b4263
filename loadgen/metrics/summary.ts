/**
 * The end-of-test summary: handleSummary's `data` (k6's legacy shape), the --summary-export file,
 * and the plain-text summary k6 prints when the script has no handleSummary (its "compact" mode).
 *
 * Metrics listed: every metric or sub-metric with samples, plus every key of options.thresholds and
 * the parent metric of each threshold sub-metric, even without samples (k6 marks them observed).
 * In --summary-export a threshold's boolean is true when it FAILED (k6's documented inversion).
 */
import { DEFAULT_TREND_STATS, validateTrendStats, type Values } from './aggregates.ts';
import type { ChecksTree, ExportGroup, SummaryGroup } from './checks-tree.ts';
import type { MetricStore } from './metric-store.ts';
import type { MetricType, ValueKind } from './sample.ts';
import { parseSelector } from './selector.ts';
import { parseThresholdExpression, type Thresholds } from './thresholds.ts';

export interface SummaryMetric {
  type: MetricType;
  contains: ValueKind;
  values: Values;
  thresholds?: Record<string, { ok: boolean }>;
}
export interface SummaryData {
  root_group: SummaryGroup;
  options: { summaryTimeUnit: string; summaryTrendStats: string[]; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, SummaryMetric>;
}
export interface SummaryInput {
  store: MetricStore;
  checks: ChecksTree;
  /** Evaluate them (`final: true`) before building the summary. */
  thresholds?: Thresholds;
  testRunDurationMs: number;
  options?: { summaryTrendStats?: readonly string[]; summaryTimeUnit?: string; noColor?: boolean };
  state?: { isStdOutTTY?: boolean; isStdErrTTY?: boolean };
}
/** --summary-export: flattened values (+ `thresholds: {expr: failed}`), root_group keyed by name. */
export interface SummaryExport {
  root_group: ExportGroup;
  metrics: Record<string, Record<string, number | Record<string, boolean>>>;
}

/** handleSummary's `data`. Metric keys are sorted. */
export function buildSummaryData(input: SummaryInput): SummaryData {
  const trendStats = [...(input.options?.summaryTrendStats ?? DEFAULT_TREND_STATS)];
  validateTrendStats(trendStats);
  const { store, thresholds } = input;
  for (const key of thresholds?.keys ?? []) {
    store.ensure(parseSelector(key).metric);
    store.ensure(key);
  }
  const results = thresholds?.summaryResults() ?? {};
  const listed = new Set(thresholds?.keys ?? []);
  for (const key of thresholds?.keys ?? []) listed.add(parseSelector(key).metric);
  const metrics: Record<string, SummaryMetric> = {};
  const entries = [...store.entries()].filter((e) => !e.aggregate.empty || listed.has(e.key));
  for (const e of entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const m: SummaryMetric = { type: e.def.type, contains: e.def.contains, values: e.aggregate.values(trendStats, input.testRunDurationMs) };
    if (results[e.key]) m.thresholds = results[e.key];
    metrics[e.key] = m;
  }
  return {
    root_group: input.checks.rootGroup(),
    options: { summaryTimeUnit: input.options?.summaryTimeUnit ?? '', summaryTrendStats: trendStats, noColor: input.options?.noColor ?? false },
    state: { isStdOutTTY: input.state?.isStdOutTTY ?? false, isStdErrTTY: input.state?.isStdErrTTY ?? false, testRunDurationMs: input.testRunDurationMs },
    metrics,
  };
}

function exportGroup(g: SummaryGroup): ExportGroup {
  return {
    name: g.name,
    path: g.path,
    id: g.id,
    groups: Object.fromEntries(g.groups.map((c) => [c.name, exportGroup(c)])),
    checks: Object.fromEntries(g.checks.map((c) => [c.name, { ...c }])),
  };
}

/** The --summary-export document, derived from handleSummary's data. */
export function buildSummaryExport(data: SummaryData): SummaryExport {
  const metrics: SummaryExport['metrics'] = {};
  for (const [key, m] of Object.entries(data.metrics)) {
    const v = m.values;
    const flat: Record<string, number | Record<string, boolean>> = m.type === 'rate' ? { passes: v.passes, fails: v.fails, value: v.rate } : { ...v };
    if (m.thresholds && Object.keys(m.thresholds).length) flat.thresholds = Object.fromEntries(Object.entries(m.thresholds).map(([expr, t]) => [expr, !t.ok]));
    metrics[key] = flat;
  }
  return { root_group: exportGroup(data.root_group), metrics };
}

// ---- text summary -------------------------------------------------------------------------------

const trimFixed = (x: number, digits: number): string => String(Number(x.toFixed(digits)));

/** A time in ms as k6 prints it: 0s, 750ns, 12.25µs, 140.36ms, 1.35s, 1m30.5s; or in a fixed unit (s, ms, us). */
export function formatTime(ms: number, unit = ''): string {
  if (unit === 's') return `${trimFixed(ms / 1000, 2)}s`;
  if (unit === 'ms') return `${trimFixed(ms, 2)}ms`;
  if (unit === 'us') return `${trimFixed(ms * 1000, 2)}µs`;
  const abs = Math.abs(ms);
  if (abs === 0) return '0s';
  if (abs < 0.001) return `${trimFixed(ms * 1e6, 2)}ns`;
  if (abs < 1) return `${trimFixed(ms * 1000, 2)}µs`;
  if (abs < 1000) return `${trimFixed(ms, 2)}ms`;
  if (abs < 60_000) return `${trimFixed(ms / 1000, 2)}s`;
  const sign = ms < 0 ? '-' : '';
  const s = abs / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${sign}${h ? `${h}h` : ''}${m}m${trimFixed(s % 60, 2)}s`;
}

/** Bytes as k6 prints them (SI): 830 B, 4.9 kB, 519 kB, 7.1 MB. */
export function formatBytes(n: number): string {
  if (n < 10) return `${Math.floor(n)} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.min(Math.floor(Math.log10(n) / 3), units.length - 1);
  const val = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${val < 10 ? val.toFixed(1) : val.toFixed(0)} ${units[e]}`;
}

function formatValue(v: number, contains: ValueKind, timeUnit: string): string {
  if (contains === 'time') return formatTime(v, timeUnit);
  if (contains === 'data') return formatBytes(v);
  return trimFixed(v, 6);
}

const pct = (r: number): string => `${(r * 100).toFixed(2)}%`;

type Line = { label: string; cells: string[]; trend: boolean } | { text: string };

const CATEGORIES: [string, (name: string) => boolean][] = [
  ['HTTP', (n) => n.startsWith('http_')],
  ['GRPC', (n) => n.startsWith('grpc_')],
  ['EXECUTION', (n) => ['iteration_duration', 'iterations', 'vus', 'vus_max', 'dropped_iterations', 'group_duration'].includes(n)],
  ['NETWORK', (n) => n === 'data_sent' || n === 'data_received'],
];

function metricCells(m: SummaryMetric, data: SummaryData): string[] {
  const unit = data.options.summaryTimeUnit;
  const v = m.values;
  const f = (x: number) => formatValue(x ?? 0, m.contains, unit);
  switch (m.type) {
    case 'trend':
      return data.options.summaryTrendStats.filter((s) => s in v).map((s) => `${s}=${s === 'count' ? trimFixed(v[s], 6) : f(v[s])}`);
    case 'counter':
      return [f(v.count), `${f(v.rate)}/s`];
    case 'gauge':
      return [f(v.value), `min=${f(v.min)}`, `max=${f(v.max)}`];
    case 'rate':
      return [pct(v.rate ?? 0), `${v.passes ?? 0} out of ${(v.passes ?? 0) + (v.fails ?? 0)}`];
  }
}

function thresholdStatValue(m: SummaryMetric, stat: string, actual: number | undefined, unit: string): string {
  const x = actual ?? m.values[stat];
  if (x === undefined) return '';
  if (m.type === 'rate') return ` ${stat}=${pct(x)}`;
  if (m.type === 'counter' && stat === 'rate') return ` ${stat}=${formatValue(x, m.contains, unit)}/s`;
  return ` ${stat}=${formatValue(x, m.contains, unit)}`;
}

function flattenChecks(g: SummaryGroup): SummaryGroup['checks'] {
  return [...g.checks, ...g.groups.flatMap(flattenChecks)];
}

/** k6's compact end-of-test text; `thresholds` adds each threshold's measured value. */
export function textSummary(data: SummaryData, opts: { indent?: string; enableColors?: boolean; thresholds?: Thresholds } = {}): string {
  const color = (code: number, s: string) => (opts.enableColors ? `\x1b[${code}m${s}\x1b[0m` : s);
  const mark = (ok: boolean) => (ok ? color(32, '✓') : color(31, '✗'));
  const unit = data.options.summaryTimeUnit;
  const actuals = new Map((opts.thresholds?.results() ?? []).map((t) => [`${t.key}\u0000${t.source}`, t.actual]));
  const out: string[] = [];
  const keys = Object.keys(data.metrics).sort();

  const withThresholds = keys.filter((k) => Object.keys(data.metrics[k].thresholds ?? {}).length);
  if (withThresholds.length) {
    out.push('', '  █ THRESHOLDS', '');
    for (const k of withThresholds) {
      const m = data.metrics[k];
      out.push(`    ${k}`);
      for (const [source, t] of Object.entries(m.thresholds!)) {
        let stat = '';
        try {
          stat = parseThresholdExpression(source).stat;
        } catch {}
        out.push(`    ${mark(t.ok)} '${source}'${stat ? thresholdStatValue(m, stat, actuals.get(`${k}\u0000${source}`), unit) : ''}`);
      }
      out.push('');
    }
    out.push('');
  }

  const lines: Line[] = [];
  const checkList = flattenChecks(data.root_group);
  const cm = data.metrics.checks?.values;
  const passes = cm?.passes ?? checkList.reduce((a, c) => a + c.passes, 0);
  const fails = cm?.fails ?? checkList.reduce((a, c) => a + c.fails, 0);
  if (passes + fails > 0 || checkList.length) {
    const total = passes + fails;
    const secs = data.state.testRunDurationMs / 1000;
    lines.push({ label: 'checks_total', cells: [String(total), `${trimFixed(secs > 0 ? total / secs : 0, 6)}/s`], trend: false });
    lines.push({ label: 'checks_succeeded', cells: [pct(total ? passes / total : 0), `${passes} out of ${total}`], trend: false });
    lines.push({ label: 'checks_failed', cells: [pct(total ? fails / total : 0), `${fails} out of ${total}`], trend: false });
    lines.push({ text: '' });
    for (const c of checkList) {
      lines.push({ text: `${mark(c.fails === 0)} ${c.name}` });
      if (c.fails > 0) lines.push({ text: `  ↳  ${Math.floor((c.passes / (c.passes + c.fails)) * 100)}% — ✓ ${c.passes} / ✗ ${c.fails}` });
    }
  }
  const parentOf = (k: string) => (k.includes('{') ? k.slice(0, k.indexOf('{')) : k);
  const sections = new Map<string, string[]>([['CUSTOM', []], ...CATEGORIES.map(([n]) => [n, []] as [string, string[]])]);
  for (const k of keys) {
    const name = parentOf(k);
    if (name === 'checks' || (k !== name && name in data.metrics)) continue;
    const cat = CATEGORIES.find(([, test]) => test(name))?.[0] ?? 'CUSTOM';
    sections.get(cat)!.push(k, ...keys.filter((s) => s !== k && parentOf(s) === k));
  }
  for (const [title, ks] of sections) {
    if (!ks.length) continue;
    if (lines.length) lines.push({ text: '' });
    lines.push({ text: title });
    for (const k of ks) {
      const m = data.metrics[k];
      const label = k.includes('{') && parentOf(k) in data.metrics ? `  { ${k.slice(k.indexOf('{') + 1, -1)} }` : k;
      lines.push({ label, cells: metricCells(m, data), trend: m.type === 'trend' });
    }
  }
  const rows = lines.filter((l): l is Extract<Line, { label: string }> => 'label' in l);
  const width = Math.max(0, ...rows.map((l) => l.label.length)) + 3;
  const colWidth = (trend: boolean, i: number) => Math.max(0, ...rows.filter((l) => l.trend === trend).map((l) => (l.cells[i] ?? '').length));
  out.push('  █ TOTAL RESULTS', '');
  for (const l of lines) {
    if ('text' in l) {
      out.push(l.text ? `    ${l.text}` : '');
      continue;
    }
    const cells = l.cells.map((c, i) => (i < l.cells.length - 1 ? c.padEnd(colWidth(l.trend, i)) : c));
    out.push(`    ${l.label.padEnd(width, '.')}: ${cells.join(' ')}`.trimEnd());
  }
  out.push('');
  const indent = opts.indent ?? '';
  return out.map((l) => (l ? indent + l : l)).join('\n') + '\n';
}
