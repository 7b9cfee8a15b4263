/**
 * Exact trend statistics from raw samples, by k6's definition (p(N): sort, fractional rank
 * N/100·(n−1), linear interpolation), and the trend histogram's stated error bound for them.
 */
import assert from 'node:assert/strict';

export function exactPercentile(sorted: readonly number[], p: number): { value: number; bound: number } {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = sorted[Math.floor(rank)];
  const hi = sorted[Math.ceil(rank)];
  const value = lo + (hi - lo) * (rank - Math.floor(rank));
  // trend-histogram.ts: |p(N) − exact| ≤ 0.001 · max(|x_floor|, |x_ceil|) + 0.001
  return { value, bound: 0.001 * Math.max(Math.abs(lo), Math.abs(hi)) + 0.001 };
}

/** Asserts each p(N) / med in `values` is within the error bound of the raw samples' exact one; min, max, count exact. */
export function assertTrendMatches(values: Record<string, number>, raw: readonly number[], what: string): void {
  const sorted = [...raw].sort((a, b) => a - b);
  assert.ok(sorted.length > 0, `${what}: no raw samples`);
  const stats: [string, number][] = [['med', 50], ['p(90)', 90], ['p(95)', 95], ['p(99)', 99]];
  let checked = 0;
  for (const [stat, p] of stats) {
    if (values[stat] === undefined) continue;
    const { value, bound } = exactPercentile(sorted, p);
    assert.ok(Math.abs(values[stat] - value) <= bound, `${what} ${stat}: merged ${values[stat]} vs exact ${value} (bound ±${bound})`);
    checked++;
  }
  assert.ok(checked >= 2, `${what}: no percentiles to check in ${JSON.stringify(values)}`);
  assert.ok(Math.abs(values.min - sorted[0]) <= 1e-9, `${what} min ${values.min} vs ${sorted[0]}`);
  assert.ok(Math.abs(values.max - sorted[sorted.length - 1]) <= 1e-9, `${what} max ${values.max} vs ${sorted[sorted.length - 1]}`);
  if (values.count !== undefined) assert.equal(values.count, sorted.length, `${what} count`);
}
