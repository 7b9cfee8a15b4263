/**
 * How well inter-arrival gaps fit an exponential distribution (a Poisson process): the
 * Kolmogorov–Smirnov distance D = sup |F_n(x) - F(x)| against the exponential of a given mean,
 * and its asymptotic critical value (D above it rejects "Poisson" at that level). Also the
 * coefficient of variation (1 for exponential gaps, 0 for evenly spaced, > 1 for bursts), and
 * `arrivalFit`: the report's verdict on achieved gaps, judged against their own mean.
 */

/** K_alpha of the Kolmogorov distribution: sqrt(n) * D is above it with probability alpha. */
export const KS_CRITICAL = { 0.05: 1.358, 0.01: 1.628 } as const;

export function ksDistanceExponential(gaps: readonly number[], meanMs: number): number {
  const sorted = [...gaps].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  sorted.forEach((x, i) => {
    const f = 1 - Math.exp(-x / meanMs);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  });
  return d;
}

/** D above which n gaps are not exponential at level alpha (large-n approximation). */
export function ksCritical(n: number, alpha: keyof typeof KS_CRITICAL = 0.01): number {
  return KS_CRITICAL[alpha] / Math.sqrt(n);
}

/**
 * Stephens' upper-tail points of the modified statistic (D - 0.2/n)(sqrt(n) + 0.26 + 0.5/sqrt(n))
 * for an exponential whose mean is estimated from the same gaps (M. A. Stephens, "EDF statistics
 * for goodness of fit and some comparisons", JASA 69, 1974; Lilliefors' case). Estimating the
 * mean makes D smaller, so the fixed-mean critical values above would be too lenient.
 */
export const KS_CRITICAL_ESTIMATED_MEAN = { 0.05: 1.094, 0.01: 1.308 } as const;

/** D above which n gaps are not exponential at level alpha, their mean taken from the gaps themselves. */
export function ksCriticalEstimatedMean(n: number, alpha: keyof typeof KS_CRITICAL_ESTIMATED_MEAN = 0.01): number {
  return KS_CRITICAL_ESTIMATED_MEAN[alpha] / (Math.sqrt(n) + 0.26 + 0.5 / Math.sqrt(n)) + 0.2 / n;
}

export function coefficientOfVariation(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
  return Math.sqrt(variance) / mean;
}

/** The significance level of the verdict. */
export const ARRIVAL_ALPHA = 0.01;
/** Fewer gaps than this in a window: no verdict (KS's critical value is for larger samples). */
export const MIN_GAPS = 20;

export interface ArrivalFit {
  /** Gaps judged (a uniform sample of the window's when the engine kept a sample). */
  gaps: number;
  meanGapMs: number;
  /** Coefficient of variation: 1 for exponential gaps, 0 for even spacing, > 1 for bursts. */
  cv: number;
  /** KS distance from the exponential of the gaps' own mean. */
  ks: number;
  /** KS's critical value at ARRIVAL_ALPHA for that many gaps, mean estimated. */
  ksCritical: number;
  poissonLike: boolean;
}

/** The fit of achieved gaps (undefined below MIN_GAPS), as the report shows it. */
export function arrivalFit(gaps: readonly number[]): ArrivalFit | undefined {
  if (gaps.length < MIN_GAPS) return undefined;
  const meanGapMs = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const ks = ksDistanceExponential(gaps, meanGapMs);
  const ksCritical = ksCriticalEstimatedMean(gaps.length, ARRIVAL_ALPHA);
  return { gaps: gaps.length, meanGapMs, cv: coefficientOfVariation(gaps), ks, ksCritical, poissonLike: ks <= ksCritical };
}
