/**
 * What the gate compares: six metrics per target and window, each with the quantity it measures
 * (which says the direction that counts as worse: runner/results/metric-direction.ts), and how to
 * pull its per-repetition values out of a report.json.
 */
import type { Quantity } from '../results/metric-direction.ts';
import type { RunReport, TargetResult, WindowResult } from '../results/report-schema.ts';

export type MetricId = 'p50' | 'p95' | 'p99' | 'throughput' | 'cpu' | 'rss';

export interface MetricDef {
  id: MetricId;
  label: string;
  unit: string;
  /** What it measures, and so which way is a regression (WORSE_WHEN). */
  quantity: Quantity;
}

export const METRICS: readonly MetricDef[] = [
  { id: 'p50', label: 'latency p50', unit: 'ms', quantity: 'latency' },
  { id: 'p95', label: 'latency p95', unit: 'ms', quantity: 'latency' },
  { id: 'p99', label: 'latency p99', unit: 'ms', quantity: 'latency' },
  { id: 'throughput', label: 'throughput', unit: 'req/s', quantity: 'throughput' },
  { id: 'cpu', label: 'CPU', unit: '% of a core', quantity: 'cpu' },
  { id: 'rss', label: 'RSS', unit: 'MB', quantity: 'memory' },
];

export function metricDef(id: MetricId): MetricDef {
  const def = METRICS.find((m) => m.id === id);
  if (!def) throw new Error(`unknown metric "${id}"`);
  return def;
}

export const isMetricId = (s: unknown): s is MetricId => METRICS.some((m) => m.id === s);

/** Where resource stats cover the whole target run rather than one window. */
export const WHOLE_RUN = 'whole run';

/** One target × window × metric and its values, one per repetition where the run repeats. */
export interface MetricSeries {
  target: string;
  profile: string;
  window: string;
  metric: MetricId;
  values: number[];
}

export const seriesKey = (s: Pick<MetricSeries, 'target' | 'profile' | 'window' | 'metric'>): string =>
  `${s.target} | ${s.profile} | ${s.window} | ${s.metric}`;

/**
 * Per-repetition fields the gate also reads when a runner provides them (p95 and resource
 * use per repetition); without them those metrics have one value per run.
 */
type Repetition = NonNullable<WindowResult['repetitions']>[number] & {
  p95?: number;
  cpuPercentMean?: number;
  rssMbMean?: number;
};

/** Every repetition's value, or undefined unless all repetitions carry the field. */
function perRepetition(w: WindowResult, pick: (r: Repetition) => number | undefined): number[] | undefined {
  const reps = (w.repetitions ?? []) as Repetition[];
  const values = reps.map(pick);
  return reps.length > 0 && values.every((v) => typeof v === 'number') ? (values as number[]) : undefined;
}

function windowSeries(t: TargetResult, w: WindowResult): MetricSeries[] {
  const base = { target: t.target, profile: t.profile, window: w.window };
  const values: Record<'p50' | 'p95' | 'p99' | 'throughput', number[]> = {
    p50: perRepetition(w, (r) => r.p50) ?? [w.latency.p50],
    p95: perRepetition(w, (r) => r.p95) ?? [w.latency.p95],
    p99: perRepetition(w, (r) => r.p99) ?? [w.latency.p99],
    throughput: perRepetition(w, (r) => r.throughputRps) ?? [w.throughputRps],
  };
  const out = Object.entries(values).map(([metric, v]) => ({ ...base, metric: metric as MetricId, values: v }));
  const cpu = perRepetition(w, (r) => r.cpuPercentMean);
  const rss = perRepetition(w, (r) => r.rssMbMean);
  if (cpu) out.push({ ...base, metric: 'cpu', values: cpu });
  if (rss) out.push({ ...base, metric: 'rss', values: rss });
  return out;
}

/** Resource use for the whole target run, when no window carries it per repetition. */
function resourceSeries(t: TargetResult, perWindow: MetricSeries[]): MetricSeries[] {
  if (!t.resources) return [];
  const base = { target: t.target, profile: t.profile, window: WHOLE_RUN };
  const out: MetricSeries[] = [];
  if (!perWindow.some((s) => s.metric === 'cpu')) out.push({ ...base, metric: 'cpu', values: [t.resources.cpuPercentMean] });
  if (!perWindow.some((s) => s.metric === 'rss')) out.push({ ...base, metric: 'rss', values: [t.resources.rssMbMean] });
  return out;
}

export interface ExtractedRun {
  series: MetricSeries[];
  /** Targets the run could not measure (status failed), with the runner's reason. */
  failed: { target: string; profile: string; reason: string }[];
}

export function extractSeries(report: RunReport): ExtractedRun {
  const series: MetricSeries[] = [];
  const failed: ExtractedRun['failed'] = [];
  for (const t of report.results) {
    if (t.status !== 'ok') {
      failed.push({ target: t.target, profile: t.profile, reason: t.failure?.reason ?? 'target failed' });
      continue;
    }
    const perWindow = t.windows.flatMap((w) => windowSeries(t, w));
    series.push(...perWindow, ...resourceSeries(t, perWindow));
  }
  return { series, failed };
}

/**
 * Several runs of the same plan as one: each run's values are appended per series, so
 * separate runs act as repetitions (and carry restart-to-restart noise, which in-run
 * repetitions cannot show). A target that failed in any run counts as failed.
 */
export function mergeRuns(runs: ExtractedRun[]): ExtractedRun {
  const merged = new Map<string, MetricSeries>();
  for (const s of runs.flatMap((r) => r.series)) {
    const key = seriesKey(s);
    const seen = merged.get(key);
    if (seen) seen.values.push(...s.values);
    else merged.set(key, { ...s, values: [...s.values] });
  }
  return { series: [...merged.values()], failed: runs.flatMap((r) => r.failed) };
}
