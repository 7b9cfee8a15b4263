/**
 * Percentile-bootstrap confidence interval for the ratio current/baseline of a location
 * statistic (median or mean), resampling each side independently with a seeded PRNG so
 * the same inputs always give the same interval.
 */
import { mulberry32, type Random } from '../../servers/data/prng.ts';
import { mean } from '../results/stats.ts';

export type Estimator = 'median' | 'mean';
export const ESTIMATORS: readonly Estimator[] = ['median', 'mean'];

export interface BootstrapOptions {
  estimator: Estimator;
  /** Two-sided confidence level, e.g. 0.95. */
  confidence: number;
  resamples: number;
  seed: number;
}

export interface RatioInterval {
  /** estimator(current) / estimator(baseline) on the observed values. */
  ratio: number;
  low: number;
  high: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const ESTIMATE: Record<Estimator, (xs: readonly number[]) => number> = { median, mean };

export function estimate(estimator: Estimator, xs: readonly number[]): number {
  return ESTIMATE[estimator](xs);
}

/** Linear-interpolated quantile of an ascending array, q in [0, 1]. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function resample(xs: readonly number[], random: Random, into: number[]): number[] {
  for (let i = 0; i < xs.length; i++) into[i] = xs[Math.floor(random() * xs.length)];
  return into;
}

/** FNV-1a of a string: a stable per-comparison seed offset, independent of comparison order. */
export function hashSeed(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function bootstrapRatio(baseline: readonly number[], current: readonly number[], options: BootstrapOptions): RatioInterval {
  if (baseline.length === 0 || current.length === 0) throw new RangeError('bootstrapRatio needs at least one value on each side');
  if (!(options.confidence > 0 && options.confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${options.confidence}`);
  if (!(options.resamples >= 1)) throw new RangeError(`resamples must be at least 1, got ${options.resamples}`);
  const stat = ESTIMATE[options.estimator];
  const random = mulberry32(options.seed);
  const b = new Array<number>(baseline.length);
  const c = new Array<number>(current.length);
  const ratios = new Float64Array(options.resamples);
  for (let i = 0; i < options.resamples; i++) {
    ratios[i] = stat(resample(current, random, c)) / stat(resample(baseline, random, b));
  }
  ratios.sort();
  const tail = (1 - options.confidence) / 2;
  const sorted = Array.from(ratios);
  return {
    ratio: stat(current) / stat(baseline),
    low: quantileSorted(sorted, tail),
    high: quantileSorted(sorted, 1 - tail),
  };
}
