/** Pure statistics: estimators, quantiles and the seeded bootstrap CI of a ratio. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapRatio, hashSeed, median, quantileSorted } from '../../runner/gate/bootstrap.ts';
import { mean } from '../../runner/results/stats.ts';
import { mulberry32 } from '../../servers/data/prng.ts';

const opts = { estimator: 'mean' as const, confidence: 0.95, resamples: 2000, seed: 7 };

/** Standard normal draws (Box-Muller) from a seeded PRNG. */
function normals(seed: number, n: number, mu: number, sigma: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => mu + sigma * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
}

test('estimators and quantiles on known inputs', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(mean([1, 2, 3, 6]), 3);
  assert.equal(quantileSorted([0, 10, 20, 30, 40], 0.5), 20);
  assert.equal(quantileSorted([0, 10], 0.25), 2.5);
  assert.equal(quantileSorted([0, 10, 20, 30, 40], 1), 40);
});

test('no spread on either side gives a zero-width interval at the exact ratio', () => {
  const ci = bootstrapRatio([10, 10, 10], [12, 12, 12, 12], { ...opts, estimator: 'median' });
  assert.equal(ci.ratio, 1.2);
  assert.ok(Math.abs(ci.low - 1.2) < 1e-12 && Math.abs(ci.high - 1.2) < 1e-12);
});

test('the interval brackets a known ratio and narrows as noise shrinks', () => {
  const wide = bootstrapRatio(normals(1, 40, 100, 20), normals(2, 40, 120, 24), opts);
  const tight = bootstrapRatio(normals(3, 40, 100, 2), normals(4, 40, 120, 2.4), opts);
  for (const ci of [wide, tight]) assert.ok(ci.low < 1.2 && 1.2 < ci.high, `CI [${ci.low}, ${ci.high}] should contain 1.2`);
  assert.ok(tight.high - tight.low < (wide.high - wide.low) / 5, 'tighter data, narrower interval');
  assert.ok(tight.low > 1.15 && tight.high < 1.25);
});

test('95% intervals cover the true ratio about 95% of the time', () => {
  let covered = 0;
  const trials = 300;
  for (let t = 0; t < trials; t++) {
    const ci = bootstrapRatio(normals(100 + t, 30, 50, 5), normals(9000 + t, 30, 50, 5), { ...opts, resamples: 1000, seed: t });
    if (ci.low <= 1 && 1 <= ci.high) covered++;
  }
  const rate = covered / trials;
  assert.ok(rate > 0.88 && rate < 0.99, `coverage ${rate} should be near 0.95`);
});

test('same seed, same interval; the seed matters', () => {
  const b = normals(5, 6, 10, 1);
  const c = normals(6, 6, 11, 1);
  assert.deepEqual(bootstrapRatio(b, c, opts), bootstrapRatio(b, c, opts));
  assert.notDeepEqual(bootstrapRatio(b, c, opts), bootstrapRatio(b, c, { ...opts, seed: 8 }));
  assert.equal(hashSeed(1, 'a|b'), hashSeed(1, 'a|b'));
  assert.notEqual(hashSeed(1, 'a|b'), hashSeed(1, 'a|c'));
});

test('rejects empty sides and nonsense confidence', () => {
  assert.throws(() => bootstrapRatio([], [1], opts), RangeError);
  assert.throws(() => bootstrapRatio([1], [1], { ...opts, confidence: 1 }), RangeError);
});
