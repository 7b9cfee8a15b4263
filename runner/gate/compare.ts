/**
 * The gate's decision for every target × window × metric: a change fails only when it is
 * worse by at least the minimum effect AND its whole bootstrap confidence interval lies beyond
 * half the minimum effect (the run-to-run noise seen in the repetitions cannot explain even a
 * change that small). Requiring only "excludes no change" flagged same-build runs on p99 here:
 * repetitions within one run under-estimate the noise between runs.
 */
import { bootstrapRatio, estimate, hashSeed, type Estimator } from './bootstrap.ts';
import type { Baseline } from './baseline-file.ts';
import { relativeWorsening } from '../results/metric-direction.ts';
import { metricDef, seriesKey, type MetricId, type MetricSeries } from './metrics.ts';

export interface GateSettings {
  /** Smallest relative change that matters, e.g. 0.10 = 10%. */
  minEffect: number;
  confidence: number;
  estimator: Estimator;
  resamples: number;
  seed: number;
}

export const DEFAULT_GATE_SETTINGS: GateSettings = { minEffect: 0.1, confidence: 0.95, estimator: 'median', resamples: 10_000, seed: 1 };

export type Verdict =
  | 'regression' // worse by >= min effect, outside noise: fails
  | 'improvement' // better by >= min effect, outside noise: reported
  | 'small' // change below the min effect
  | 'noisy' // change >= min effect but inside the noise
  | 'no-noise-estimate' // fewer than 2 values on a side: reported, not gated
  | 'new' // in the run, not in the baseline
  | 'not-measured' // in the baseline, not in the run
  | 'target-failed'; // the run could not measure the target: fails

export const FAILING: ReadonlySet<Verdict> = new Set(['regression', 'target-failed']);

export interface Comparison {
  target: string;
  profile: string;
  window: string;
  metric: MetricId;
  verdict: Verdict;
  baseline?: { value: number; n: number };
  current?: { value: number; n: number };
  /** current / baseline of the estimator, and its confidence interval where there is one. */
  ratio?: number;
  ci?: { low: number; high: number };
  /** Why, in words (failure reason, note). */
  detail?: string;
}

/** How much worse the ratio is, as a fraction (negative = better), for the metric's direction. */
export function worsening(metric: MetricId, ratio: number): number {
  return relativeWorsening(metricDef(metric).quantity, ratio);
}

export function compareSeries(base: MetricSeries, cur: MetricSeries, s: GateSettings): Comparison {
  const id = { target: cur.target, profile: cur.profile, window: cur.window, metric: cur.metric };
  const baseline = { value: estimate(s.estimator, base.values), n: base.values.length };
  const current = { value: estimate(s.estimator, cur.values), n: cur.values.length };
  const seen = { ...id, baseline, current };
  if (!(baseline.value > 0)) return { ...seen, verdict: 'no-noise-estimate', detail: 'baseline value is 0; no ratio' };
  const ratio = current.value / baseline.value;
  const worse = worsening(cur.metric, ratio);
  if (baseline.n < 2 || current.n < 2) {
    return { ...seen, ratio, verdict: 'no-noise-estimate', detail: 'needs 2+ repetitions on each side to estimate noise' };
  }
  const ci = bootstrapRatio(base.values, cur.values, { ...s, seed: hashSeed(s.seed, seriesKey(cur)) });
  const interval = { low: ci.low, high: ci.high };
  if (Math.abs(worse) < s.minEffect) return { ...seen, ratio, ci: interval, verdict: 'small' };
  // The CI bound nearest to "no change", as a worsening; it must clear half the minimum effect.
  const bounds = [worsening(cur.metric, ci.low), worsening(cur.metric, ci.high)];
  const margin = s.minEffect / 2;
  const outsideNoise = worse > 0 ? Math.min(...bounds) >= margin : Math.max(...bounds) <= -margin;
  if (!outsideNoise) return { ...seen, ratio, ci: interval, verdict: 'noisy' };
  return { ...seen, ratio, ci: interval, verdict: worse > 0 ? 'regression' : 'improvement' };
}

export interface GateResult {
  comparisons: Comparison[];
  failed: boolean;
}

export function gate(baseline: Baseline, run: { series: MetricSeries[]; failed: { target: string; profile: string; reason: string }[] }, s: GateSettings): GateResult {
  const byKey = new Map(baseline.entries.map((e) => [seriesKey(e), e]));
  const comparisons: Comparison[] = [];
  const seen = new Set<string>();
  for (const cur of run.series) {
    const key = seriesKey(cur);
    seen.add(key);
    const base = byKey.get(key);
    comparisons.push(base ? compareSeries(base, cur, s) : { ...pick(cur), verdict: 'new', current: { value: estimate(s.estimator, cur.values), n: cur.values.length } });
  }
  for (const f of run.failed) {
    const entries = baseline.entries.filter((b) => b.target === f.target && b.profile === f.profile);
    const rows = entries.length > 0 ? entries.map(pick) : [{ target: f.target, profile: f.profile, window: '-', metric: 'throughput' as const }];
    for (const row of rows) {
      seen.add(seriesKey(row));
      comparisons.push({ ...row, verdict: 'target-failed', detail: f.reason });
    }
  }
  for (const e of baseline.entries) {
    if (!seen.has(seriesKey(e))) comparisons.push({ ...pick(e), verdict: 'not-measured', baseline: { value: estimate(s.estimator, e.values), n: e.values.length } });
  }
  return { comparisons, failed: comparisons.some((c) => FAILING.has(c.verdict)) };
}

const pick = (s: MetricSeries) => ({ target: s.target, profile: s.profile, window: s.window, metric: s.metric });
