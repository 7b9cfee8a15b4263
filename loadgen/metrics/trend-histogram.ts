/**
 * The Trend aggregate: exact count/sum/min/max plus HDR histograms (hdr-histogram-js, pure JS) for
 * percentiles; mergeable, and snapshot/restore as JSON-safe base64.
 *
 * Values are recorded as integers in thousandths of their unit (`Math.round(v * 1000)`: ms → µs),
 * 3 significant digits, auto-resizing; negative values go to a second histogram (by magnitude).
 *
 * Percentiles follow k6's definition for `p(N)` (and `med` = p(50)): sort the n samples, take the
 * fractional rank i = N/100 · (n − 1), and interpolate linearly between the samples at ranks
 * floor(i) and ceil(i). Here the sample at a rank is read from the histogram: the exact min/max at
 * ranks 0 and n−1, otherwise the middle of the histogram bucket holding that rank, clamped to
 * [min, max].
 *
 * ERROR BOUND: each sample read from the histogram is within 0.1% of its true value plus 0.001
 * (a bucket spans at most 1/1024 of its values, we take its middle; rounding to thousandths adds at
 * most 0.0005). So |p(N) − exact p(N)| ≤ 0.001 · max(|x_floor(i)|, |x_ceil(i)|) + 0.001, where x are
 * the exact sorted samples. count, sum, avg, min and max are exact (up to float summation).
 * Per-bucket counts are 32-bit (fine below 4·10⁹ samples of one value).
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

/** The JSON-safe, structured-cloneable form of a TrendHistogram. */
export interface TrendSnapshot {
  type: 'trend';
  count: number;
  sum: number;
  /** Exact extremes; meaningless when count is 0. */
  min: number;
  max: number;
  /** hdr-histogram-js compressed base64 of the values ≥ 0 (scaled), null when none. */
  pos: string | null;
  /** Same for the magnitudes of negative values, null when none. */
  neg: string | null;
  /**
   * The values themselves, in place of pos/neg, when there are few (at most RAW_LIMIT): the VU
   * threads ship about once a second, and encoding (and decoding) a histogram costs far more
   * than copying a few hundred numbers. Merging them records each, so the result is the same.
   */
  values?: number[];
}

/** Up to this many values a snapshot carries the values, not histograms. */
export const RAW_LIMIT = 2048;

/** The internals of hdr-histogram-js's JS histograms used by the fast recording path. */
interface HdrInternals {
  _counts: { [i: number]: number; length: number };
  _totalCount: number;
  countsArrayLength: number;
  subBucketHalfCountMagnitude: number;
  subBucketHalfCount: number;
  unitMagnitude: number;
  maxValue: number;
  minNonZeroValue: number;
  totalCount: number;
  autoResize: boolean;
  recordValue(v: number): void;
  updateMinAndMax(v: number): void;
  getCountAtIndex(i: number): number;
  valueFromIndex(i: number): number;
  medianEquivalentValue(v: number): number;
  add(other: Histogram): void;
  reset(): void;
}

const SCALE = 1000;
const MAX_SCALED = 2 ** 52;
const TWO_POW_32 = 4294967296;

function newHistogram(): HdrInternals {
  const h = build({ bitBucketSize: 32, autoResize: true, numberOfSignificantValueDigits: 3, useWebAssembly: false });
  return h as unknown as HdrInternals;
}

/** Records a non-negative integer: index math for values < 2³² inline, the library otherwise. */
function record(h: HdrInternals, v: number): void {
  if (v < TWO_POW_32) {
    const unit = h.unitMagnitude;
    let bucket = 31 - Math.clz32(v) - h.subBucketHalfCountMagnitude - unit;
    if (bucket < 0) bucket = 0;
    const index = ((bucket + 1) << h.subBucketHalfCountMagnitude) + (v >>> (bucket + unit)) - h.subBucketHalfCount;
    if (index < h.countsArrayLength) {
      h._counts[index]++;
      h._totalCount++;
      if (v > h.maxValue || (v !== 0 && v < h.minNonZeroValue)) h.updateMinAndMax(v);
      return;
    }
  }
  h.recordValue(v);
}

/**
 * Histogram values (scaled magnitudes) at the given 0-based ranks, which must be ascending and
 * < h.totalCount. One pass over the counts.
 */
function valuesAtRanks(h: HdrInternals, ranks: number[]): number[] {
  const out: number[] = new Array(ranks.length);
  let k = 0;
  let seen = 0;
  const counts = h._counts;
  const n = h.countsArrayLength;
  for (let i = 0; i < n && k < ranks.length; i++) {
    const c = counts[i];
    if (c === 0) continue;
    seen += c;
    while (k < ranks.length && ranks[k] < seen) out[k++] = h.medianEquivalentValue(h.valueFromIndex(i));
  }
  return out;
}

function decode(b64: string): HdrInternals {
  const h = decodeFromCompressedBase64(b64, 32, false) as unknown as HdrInternals;
  h.autoResize = true;
  return h;
}

/** Parses `p(N)` (N in [0, 100]) to N, or returns undefined when `stat` is not a percentile. */
export function percentileOf(stat: string): number | undefined {
  const m = /^p\(\s*([0-9]*\.?[0-9]+)\s*\)$/.exec(stat);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 0 && n <= 100 ? n : undefined;
}

export class TrendHistogram {
  readonly type = 'trend' as const;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private pos: HdrInternals | null = null;
  private neg: HdrInternals | null = null;
  /** Every value added since the last reset while there are at most RAW_LIMIT, else null. */
  private raw: number[] | null = [];

  get empty(): boolean {
    return this.count === 0;
  }

  get avg(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  get med(): number {
    return this.percentile(50);
  }

  /** Hot path: one sample. Non-finite values are ignored. */
  add(value: number): void {
    if (value !== value || value === Infinity || value === -Infinity) return;
    if (this.raw) {
      if (this.raw.length < RAW_LIMIT) this.raw.push(value);
      else this.raw = null;
    }
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    let scaled = Math.round(value * SCALE);
    if (scaled < 0) {
      scaled = -scaled;
      record((this.neg ??= newHistogram()), scaled > MAX_SCALED ? MAX_SCALED : scaled);
    } else {
      record((this.pos ??= newHistogram()), scaled > MAX_SCALED ? MAX_SCALED : scaled);
    }
  }

  /** k6's p(N), N in [0, 100]; 0 when there are no samples. */
  percentile(n: number): number {
    return this.percentiles([n])[0];
  }

  /** Several percentiles in one pass per histogram (same definition as percentile()). */
  percentiles(ns: readonly number[]): number[] {
    const count = this.count;
    if (count === 0) return ns.map(() => 0);
    if (count === 1) return ns.map(() => this.min);
    const ranks = new Set<number>();
    const plan = ns.map((n) => {
      const i = (Math.min(Math.max(n, 0), 100) / 100) * (count - 1);
      const lo = Math.floor(i);
      const hi = Math.ceil(i);
      ranks.add(lo).add(hi);
      return { lo, hi, f: i - lo };
    });
    const at = this.valuesAt([...ranks].sort((a, b) => a - b));
    return plan.map(({ lo, hi, f }) => {
      const a = at.get(lo)!;
      if (f === 0) return a;
      return a + (at.get(hi)! - a) * f;
    });
  }

  /** Sample estimates at ascending 0-based ranks over all values (negatives first). */
  private valuesAt(ranks: number[]): Map<number, number> {
    const out = new Map<number, number>();
    const nNeg = this.neg ? this.neg.totalCount : 0;
    const last = this.count - 1;
    const negRanks: number[] = [];
    const posRanks: number[] = [];
    for (const r of ranks) {
      if (r === 0) out.set(r, this.min);
      else if (r === last) out.set(r, this.max);
      else if (r < nNeg) negRanks.push(nNeg - 1 - r);
      else posRanks.push(r - nNeg);
    }
    const clamp = (v: number) => (v < this.min ? this.min : v > this.max ? this.max : v);
    if (negRanks.length) {
      negRanks.reverse();
      const vals = valuesAtRanks(this.neg!, negRanks);
      negRanks.forEach((nr, k) => out.set(nNeg - 1 - nr, clamp(-vals[k] / SCALE)));
    }
    if (posRanks.length) {
      const vals = valuesAtRanks(this.pos!, posRanks);
      posRanks.forEach((pr, k) => out.set(pr + nNeg, clamp(vals[k] / SCALE)));
    }
    return out;
  }

  /** Adds another trend's samples (as a snapshot or a live TrendHistogram). */
  merge(other: TrendSnapshot | TrendHistogram): void {
    if (other.count === 0) return;
    if (!(other instanceof TrendHistogram) && other.values) {
      for (const v of other.values) this.add(v);
      return;
    }
    this.raw = null;
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    if (other instanceof TrendHistogram) {
      if (other.pos) (this.pos ??= newHistogram()).add(other.pos as unknown as Histogram);
      if (other.neg) (this.neg ??= newHistogram()).add(other.neg as unknown as Histogram);
      return;
    }
    if (other.pos) this.pos = this.mergeEncoded(this.pos, other.pos);
    if (other.neg) this.neg = this.mergeEncoded(this.neg, other.neg);
  }

  private mergeEncoded(into: HdrInternals | null, b64: string): HdrInternals {
    const h = decode(b64);
    if (!into) return h;
    into.add(h as unknown as Histogram);
    return into;
  }

  snapshot(): TrendSnapshot {
    if (this.raw && this.count > 0 && this.raw.length === this.count) {
      return { type: 'trend', count: this.count, sum: this.sum, min: this.min, max: this.max, pos: null, neg: null, values: this.raw.slice() };
    }
    const enc = (h: HdrInternals | null) => (h && h.totalCount > 0 ? encodeIntoCompressedBase64(h as unknown as Histogram) : null);
    return { type: 'trend', count: this.count, sum: this.sum, min: this.min, max: this.max, pos: enc(this.pos), neg: enc(this.neg) };
  }

  static fromSnapshot(s: TrendSnapshot): TrendHistogram {
    const t = new TrendHistogram();
    t.merge(s);
    return t;
  }

  reset(): void {
    this.raw = [];
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.pos?.reset();
    this.neg?.reset();
  }
}
