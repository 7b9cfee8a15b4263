/**
 * The four k6 aggregates (Counter, Gauge, Rate, Trend): add, merge, snapshot/restore, and the
 * summary `values` object exactly as k6 keys it.
 */
import type { MetricType } from './sample.ts';
import { percentileOf, TrendHistogram, type TrendSnapshot } from './trend-histogram.ts';

export type { TrendSnapshot } from './trend-histogram.ts';

export interface CounterSnapshot {
  type: 'counter';
  /** Sum of the added values (k6's `count`). */
  sum: number;
  n: number;
}
export interface GaugeSnapshot {
  type: 'gauge';
  value: number;
  /** Sample time of `value` (ms since epoch); the latest time wins on merge. */
  time: number;
  min: number;
  max: number;
  n: number;
}
export interface RateSnapshot {
  type: 'rate';
  passes: number;
  fails: number;
}
export type AggregateSnapshot = CounterSnapshot | GaugeSnapshot | RateSnapshot | TrendSnapshot;

export type Values = Record<string, number>;

/** What every aggregate offers. `values()` gives k6's summary `values` for the type. */
export interface Aggregate {
  readonly type: MetricType;
  readonly empty: boolean;
  add(value: number, time: number): void;
  merge(s: AggregateSnapshot): void;
  snapshot(): AggregateSnapshot;
  reset(): void;
  /** counter {count, rate}, gauge {value, min, max}, rate {rate, passes, fails}, trend: `trendStats`. */
  values(trendStats: readonly string[], testDurationMs: number): Values;
}

/** k6's default `summaryTrendStats`. */
export const DEFAULT_TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
const PLAIN_TREND_STATS = new Set(['avg', 'min', 'med', 'max', 'count']);

/** Throws when a `summaryTrendStats` entry is not avg, min, med, max, count or p(N) with N in [0, 100]. */
export function validateTrendStats(stats: readonly unknown[]): void {
  for (const s of stats) {
    if (typeof s !== 'string' || (!PLAIN_TREND_STATS.has(s) && percentileOf(s) === undefined)) {
      throw new Error(`summaryTrendStats: ${JSON.stringify(s)} is not one of avg, min, med, max, count, p(N) with N in [0, 100]`);
    }
  }
}

function kindMismatch(expected: string, got: AggregateSnapshot): Error {
  return new Error(`cannot merge a ${got.type} snapshot into a ${expected} aggregate`);
}

export class CounterAgg implements Aggregate {
  readonly type = 'counter' as const;
  sum = 0;
  n = 0;
  get empty(): boolean {
    return this.n === 0;
  }
  add(value: number): void {
    this.sum += value;
    this.n++;
  }
  merge(s: AggregateSnapshot): void {
    if (s.type !== 'counter') throw kindMismatch('counter', s);
    this.sum += s.sum;
    this.n += s.n;
  }
  snapshot(): CounterSnapshot {
    return { type: 'counter', sum: this.sum, n: this.n };
  }
  reset(): void {
    this.sum = 0;
    this.n = 0;
  }
  values(_stats: readonly string[], testDurationMs: number): Values {
    return { count: this.sum, rate: testDurationMs > 0 ? this.sum / (testDurationMs / 1000) : 0 };
  }
}

export class GaugeAgg implements Aggregate {
  readonly type = 'gauge' as const;
  value = 0;
  time = -Infinity;
  min = Infinity;
  max = -Infinity;
  n = 0;
  get empty(): boolean {
    return this.n === 0;
  }
  add(value: number, time: number): void {
    if (time >= this.time) {
      this.value = value;
      this.time = time;
    }
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.n++;
  }
  merge(s: AggregateSnapshot): void {
    if (s.type !== 'gauge') throw kindMismatch('gauge', s);
    if (s.n === 0) return;
    if (s.time >= this.time) {
      this.value = s.value;
      this.time = s.time;
    }
    if (s.min < this.min) this.min = s.min;
    if (s.max > this.max) this.max = s.max;
    this.n += s.n;
  }
  snapshot(): GaugeSnapshot {
    return { type: 'gauge', value: this.value, time: this.time, min: this.min, max: this.max, n: this.n };
  }
  reset(): void {
    this.value = 0;
    this.time = -Infinity;
    this.min = Infinity;
    this.max = -Infinity;
    this.n = 0;
  }
  values(): Values {
    return this.n === 0 ? { value: 0, min: 0, max: 0 } : { value: this.value, min: this.min, max: this.max };
  }
}

export class RateAgg implements Aggregate {
  readonly type = 'rate' as const;
  passes = 0;
  fails = 0;
  get empty(): boolean {
    return this.passes + this.fails === 0;
  }
  /** Non-zero values pass, zero fails (k6: true/false are added as 1/0). */
  add(value: number): void {
    if (value !== 0) this.passes++;
    else this.fails++;
  }
  merge(s: AggregateSnapshot): void {
    if (s.type !== 'rate') throw kindMismatch('rate', s);
    this.passes += s.passes;
    this.fails += s.fails;
  }
  snapshot(): RateSnapshot {
    return { type: 'rate', passes: this.passes, fails: this.fails };
  }
  reset(): void {
    this.passes = 0;
    this.fails = 0;
  }
  get rate(): number {
    const total = this.passes + this.fails;
    return total === 0 ? 0 : this.passes / total;
  }
  values(): Values {
    return { rate: this.rate, passes: this.passes, fails: this.fails };
  }
}

export class TrendAgg implements Aggregate {
  readonly type = 'trend' as const;
  readonly h = new TrendHistogram();
  get empty(): boolean {
    return this.h.count === 0;
  }
  add(value: number): void {
    this.h.add(value);
  }
  merge(s: AggregateSnapshot): void {
    if (s.type !== 'trend') throw kindMismatch('trend', s);
    this.h.merge(s);
  }
  snapshot(): TrendSnapshot {
    return this.h.snapshot();
  }
  reset(): void {
    this.h.reset();
  }
  /** The named stats; unknown names are skipped (validate with validateTrendStats first). Empty → zeros. */
  values(stats: readonly string[]): Values {
    const h = this.h;
    const out: Values = {};
    const pStats: string[] = [];
    const pNs: number[] = [];
    for (const s of stats) {
      if (s === 'med') {
        pStats.push(s);
        pNs.push(50);
        continue;
      }
      const n = percentileOf(s);
      if (n !== undefined) {
        pStats.push(s);
        pNs.push(n);
      }
    }
    const ps = pNs.length ? h.percentiles(pNs) : [];
    const byStat = new Map(pStats.map((s, i) => [s, ps[i]]));
    for (const s of stats) {
      if (s === 'avg') out.avg = h.avg;
      else if (s === 'min') out.min = h.count ? h.min : 0;
      else if (s === 'max') out.max = h.count ? h.max : 0;
      else if (s === 'count') out.count = h.count;
      else if (byStat.has(s)) out[s] = byStat.get(s)!;
    }
    return out;
  }
}

export function createAggregate(type: MetricType): Aggregate {
  switch (type) {
    case 'counter':
      return new CounterAgg();
    case 'gauge':
      return new GaugeAgg();
    case 'rate':
      return new RateAgg();
    case 'trend':
      return new TrendAgg();
  }
}

export function aggregateFromSnapshot(s: AggregateSnapshot): Aggregate {
  const a = createAggregate(s.type);
  a.merge(s);
  return a;
}
