/**
 * How well inter-arrival gaps fit an exponential distribution (a Poisson process): the
 * Kolmogorov–Smirnov distance D = sup |F_n(x) - F(x)| against the exponential of a given mean,
 * and its asymptotic critical value (D above it rejects "Poisson" at that level). Also the
 * coefficient of variation (1 for exponential gaps, 0 for evenly spaced, > 1 for bursts).
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

export function coefficientOfVariation(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
  return Math.sqrt(variance) / mean;
}
