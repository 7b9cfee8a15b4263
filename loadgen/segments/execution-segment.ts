/**
 * Execution segments: parses `--execution-segment` / `--execution-segment-sequence` with exact
 * rational arithmetic and stripes global indices (VUs, iterations, arrival-rate ticks) across the
 * instances of one split test exactly as k6 does, so N instances together do the unsplit test.
 */

export class SegmentError extends Error {
  override name = 'SegmentError';
}

/** The longest stripe (LCM of the segment lengths' denominators) we are willing to compute. */
const MAX_STRIPE_LENGTH = 10_000_000;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** An exact rational number num/den (den > 0, reduced). */
export class Fraction {
  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint, den: bigint = 1n) {
    if (den === 0n) throw new RangeError('Fraction with zero denominator');
    if (den < 0n) [num, den] = [-num, -den];
    const g = gcd(num, den) || 1n;
    this.num = num / g;
    this.den = den / g;
  }

  static readonly ZERO = new Fraction(0n);
  static readonly ONE = new Fraction(1n);

  /** Exact value of a finite double (every double is m / 2^k). */
  static fromNumber(x: number): Fraction {
    if (!Number.isFinite(x)) throw new RangeError(`Fraction.fromNumber: ${x} is not finite`);
    let den = 1n;
    while (!Number.isInteger(x)) {
      x *= 2;
      den *= 2n;
    }
    return new Fraction(BigInt(x), den);
  }

  add(o: Fraction): Fraction { return new Fraction(this.num * o.den + o.num * this.den, this.den * o.den); }
  sub(o: Fraction): Fraction { return new Fraction(this.num * o.den - o.num * this.den, this.den * o.den); }
  mul(o: Fraction): Fraction { return new Fraction(this.num * o.num, this.den * o.den); }
  div(o: Fraction): Fraction { return new Fraction(this.num * o.den, this.den * o.num); }
  cmp(o: Fraction): number {
    const d = this.num * o.den - o.num * this.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }
  floor(): bigint {
    const q = this.num / this.den;
    return this.num < 0n && q * this.den !== this.num ? q - 1n : q;
  }
  ceil(): bigint { return -new Fraction(-this.num, this.den).floor(); }
  toNumber(): number { return Number(this.num) / Number(this.den); }
  toString(): string { return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`; }
}

const FRACTION = /^(\d+)\s*\/\s*(\d+)$/;
const DECIMAL = /^(\d+)(?:\.(\d*))?$|^\.(\d+)$/;

function parseDecimal(text: string): Fraction | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const whole = m[1] ?? '0';
  const frac = m[2] ?? m[3] ?? '';
  return new Fraction(BigInt(whole + frac), 10n ** BigInt(frac.length));
}

/** One point of [0, 1]: `1/3`, `0.5`, `.5`, `50%`, `0`, `1`. */
export function parseSegmentValue(text: string, what = 'execution segment value'): Fraction {
  const t = text.trim();
  let value: Fraction | undefined;
  const fraction = FRACTION.exec(t);
  if (fraction) {
    if (BigInt(fraction[2]) === 0n) throw new SegmentError(`${what} "${text}" has a zero denominator`);
    value = new Fraction(BigInt(fraction[1]), BigInt(fraction[2]));
  } else if (t.endsWith('%')) {
    value = parseDecimal(t.slice(0, -1).trim())?.div(new Fraction(100n));
  } else {
    value = parseDecimal(t);
  }
  if (!value) throw new SegmentError(`${what} "${text}" is not a fraction (1/3), decimal (0.5) or percentage (50%)`);
  if (value.cmp(Fraction.ONE) > 0) throw new SegmentError(`${what} "${text}" is greater than 1`);
  return value;
}

/** The interval (from, to] of the whole test that one instance runs. */
export interface ExecutionSegment {
  readonly from: Fraction;
  readonly to: Fraction;
}

export const FULL_SEGMENT: ExecutionSegment = { from: Fraction.ZERO, to: Fraction.ONE };

export function formatSegment(segment: ExecutionSegment): string {
  return `${segment.from}:${segment.to}`;
}

/** `from:to`, or `x` meaning `0:x`. Requires 0 <= from < to <= 1. */
export function parseExecutionSegment(text: string): ExecutionSegment {
  const parts = text.split(':');
  if (text.trim() === '' || parts.length > 2) {
    throw new SegmentError(`execution segment "${text}" must look like "from:to" or "to" (e.g. 1/3:2/3, 0.5, 25%)`);
  }
  const what = `execution segment "${text}":`;
  const from = parts.length === 2 ? parseSegmentValue(parts[0], `${what} start`) : Fraction.ZERO;
  const to = parseSegmentValue(parts[parts.length - 1], `${what} end`);
  if (from.cmp(to) >= 0) throw new SegmentError(`${what} start ${from} must be less than end ${to}`);
  return { from, to };
}

/** `0,1/3,2/3,1`: strictly increasing from exactly 0 to exactly 1. */
export function parseExecutionSegmentSequence(text: string): Fraction[] {
  const points = text.split(',').map((p) => parseSegmentValue(p, `execution segment sequence "${text}": value`));
  if (points.length < 2) throw new SegmentError(`execution segment sequence "${text}" needs at least two values, e.g. 0,1/2,1`);
  validateSequence(points, text);
  return points;
}

function validateSequence(points: readonly Fraction[], text: string): void {
  if (points[0].cmp(Fraction.ZERO) !== 0) {
    throw new SegmentError(`execution segment sequence "${text}" must start at 0, not ${points[0]}`);
  }
  if (points[points.length - 1].cmp(Fraction.ONE) !== 0) {
    throw new SegmentError(`execution segment sequence "${text}" must end at 1, not ${points[points.length - 1]}`);
  }
  for (let i = 1; i < points.length; i++) {
    if (points[i - 1].cmp(points[i]) >= 0) {
      throw new SegmentError(`execution segment sequence "${text}" must be strictly increasing, but ${points[i - 1]} is followed by ${points[i]}`);
    }
  }
}

/**
 * k6's striping of a sequence: L = LCM of the denominators of the segment lengths,
 * n_k = length_k × L; segments sorted by n_k descending (stable); index i in 0…L−1 goes to the
 * first segment k with i > floor(c_k·L/n_k) or i == c_k·L/n_k exactly (c_k = indices k holds).
 * Returns, per segment in sequence order, its ascending offsets in [0, L).
 */
export function stripeSequence(sequence: readonly Fraction[]): { stripeLength: number; offsets: number[][] } {
  const lengths: Fraction[] = [];
  for (let i = 1; i < sequence.length; i++) lengths.push(sequence[i].sub(sequence[i - 1]));
  let lcm = 1n;
  for (const len of lengths) lcm = (lcm * len.den) / gcd(lcm, len.den);
  if (lcm > BigInt(MAX_STRIPE_LENGTH)) {
    throw new SegmentError(`execution segment sequence ${sequence.join(',')} needs a stripe of ${lcm} indices (more than ${MAX_STRIPE_LENGTH}); use simpler fractions`);
  }
  const L = Number(lcm);
  const shares = lengths.map((len) => Number((len.num * lcm) / len.den));
  const order = shares.map((_, k) => k).sort((a, b) => shares[b] - shares[a] || a - b);
  const counts = shares.map(() => 0);
  const offsets: number[][] = shares.map(() => []);
  for (let i = 0; i < L; i++) {
    for (const k of order) {
      const scaled = counts[k] * L;
      if (i > Math.floor(scaled / shares[k]) || (scaled % shares[k] === 0 && i === scaled / shares[k])) {
        offsets[k].push(i);
        counts[k]++;
        break;
      }
    }
  }
  return { stripeLength: L, offsets };
}

function sameFraction(a: Fraction, b: Fraction): boolean {
  return a.cmp(b) === 0;
}

/** Which global indices (and how many of any count) this instance's segment owns. */
export class SegmentedExecution {
  /** Length L of the repeating stripe pattern. */
  readonly stripeLength: number;
  /** This segment's offsets within each stripe, ascending; their count is n_k. */
  readonly offsets: readonly number[];

  private constructor(
    readonly segment: ExecutionSegment,
    readonly sequence: readonly Fraction[],
  ) {
    const k = sequence.findIndex((p, i) => i + 1 < sequence.length && sameFraction(p, segment.from) && sameFraction(sequence[i + 1], segment.to));
    if (k < 0) {
      throw new SegmentError(`execution segment ${formatSegment(segment)} is not one of the intervals of the execution segment sequence ${sequence.join(',')}`);
    }
    const striping = stripeSequence(sequence);
    this.stripeLength = striping.stripeLength;
    this.offsets = striping.offsets[k];
  }

  /** The whole test on one instance. */
  static full(): SegmentedExecution {
    return new SegmentedExecution(FULL_SEGMENT, [Fraction.ZERO, Fraction.ONE]);
  }

  /**
   * From the CLI/option strings. No segment → the whole test. No sequence → [0, from, to, 1]
   * without duplicates, as k6 does (then instances may overlap unless they share a sequence).
   */
  static parse(segment?: string, sequence?: string): SegmentedExecution {
    const seq = sequence !== undefined && sequence.trim() !== '' ? parseExecutionSegmentSequence(sequence) : undefined;
    if (segment === undefined || segment.trim() === '') return SegmentedExecution.full();
    return SegmentedExecution.of(parseExecutionSegment(segment), seq);
  }

  static of(segment: ExecutionSegment, sequence?: readonly Fraction[]): SegmentedExecution {
    if (segment.from.cmp(Fraction.ZERO) < 0 || segment.to.cmp(Fraction.ONE) > 0 || segment.from.cmp(segment.to) >= 0) {
      throw new SegmentError(`execution segment ${formatSegment(segment)} must satisfy 0 <= from < to <= 1`);
    }
    if (sequence) {
      validateSequence(sequence, sequence.join(','));
      return new SegmentedExecution(segment, sequence);
    }
    const points = [Fraction.ZERO, segment.from, segment.to, Fraction.ONE];
    return new SegmentedExecution(segment, points.filter((p, i) => i === 0 || !sameFraction(p, points[i - 1])));
  }

  get isFull(): boolean {
    return this.offsets.length === this.stripeLength;
  }

  /** n_k: how many indices of every stripe of L this segment owns. */
  get share(): number {
    return this.offsets.length;
  }

  /** Number of this segment's offsets below r (0 <= r <= L). */
  private offsetsBelow(r: number): number {
    let lo = 0;
    let hi = this.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** This instance's part of an integer total v (VUs, iterations); all segments' parts sum to v. */
  scale(v: number): number {
    if (!Number.isSafeInteger(v) || v < 0) throw new SegmentError(`cannot scale ${v}: expected a non-negative integer`);
    const L = this.stripeLength;
    return Math.floor(v / L) * this.share + this.offsetsBelow(v % L);
  }

  /** How many of the global indices 0…globalCount−1 this instance owns (same as scale). */
  localCount(globalCount: number): number {
    return this.scale(globalCount);
  }

  ownsIndex(globalIndex: number): boolean {
    if (!Number.isSafeInteger(globalIndex) || globalIndex < 0) return false;
    const r = globalIndex % this.stripeLength;
    const i = this.offsetsBelow(r);
    return i < this.offsets.length && this.offsets[i] === r;
  }

  /** The global index of this instance's localIndex-th owned index (both 0-based). */
  globalIndex(localIndex: number): number {
    if (!Number.isSafeInteger(localIndex) || localIndex < 0) throw new SegmentError(`local index ${localIndex} is not a non-negative integer`);
    return Math.floor(localIndex / this.share) * this.stripeLength + this.offsets[localIndex % this.share];
  }

  /** Inverse of globalIndex; -1 when another segment owns globalIndex. */
  localIndex(globalIndex: number): number {
    if (!this.ownsIndex(globalIndex)) return -1;
    return Math.floor(globalIndex / this.stripeLength) * this.share + this.offsetsBelow(globalIndex % this.stripeLength);
  }

  /** The smallest owned global index >= fromGlobalIndex. */
  nextOwnedIndex(fromGlobalIndex: number): number {
    const g = Math.max(0, Math.ceil(fromGlobalIndex));
    return this.globalIndex(this.scale(g));
  }

  /** Owned global indices below globalCount (all of them, lazily, when omitted), ascending. */
  *ownedIndices(globalCount = Infinity): Generator<number> {
    for (let local = 0; ; local++) {
      const g = this.globalIndex(local);
      if (g >= globalCount) return;
      yield g;
    }
  }

  toString(): string {
    return `${formatSegment(this.segment)} of ${this.sequence.join(',')}`;
  }
}
