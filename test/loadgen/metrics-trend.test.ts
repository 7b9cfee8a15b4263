/** TrendHistogram: percentiles vs an exact k6-style computation within the stated bound; merge; snapshot. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentileOf, RAW_LIMIT, TrendHistogram } from '../../loadgen/metrics/trend-histogram.ts';
import { mulberry32 } from '../../servers/data/prng.ts';

/** The project's seeded RNG (mulberry32), so runs are reproducible. */
const rng = mulberry32;

/** k6's definition on exact samples: interpolate between ranks floor/ceil of p/100·(n−1). */
function exactPercentile(sorted: number[], p: number): { value: number; lo: number; hi: number } {
  const i = (p / 100) * (sorted.length - 1);
  const lo = sorted[Math.floor(i)];
  const hi = sorted[Math.ceil(i)];
  return { value: lo + (hi - lo) * (i - Math.floor(i)), lo, hi };
}

const PS = [0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

function checkAgainstExact(values: number[], label: string): TrendHistogram {
  const t = new TrendHistogram();
  for (const v of values) t.add(v);
  const sorted = [...values].sort((a, b) => a - b);
  const got = t.percentiles(PS);
  PS.forEach((p, k) => {
    const e = exactPercentile(sorted, p);
    const bound = 0.001 * Math.max(Math.abs(e.lo), Math.abs(e.hi)) + 0.001;
    assert.ok(Math.abs(got[k] - e.value) <= bound, `${label} p(${p}): got ${got[k]}, exact ${e.value}, bound ${bound}`);
  });
  assert.equal(t.count, values.length);
  assert.equal(t.min, sorted[0]);
  assert.equal(t.max, sorted[sorted.length - 1]);
  const sum = values.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(t.sum - sum) <= 1e-9 * Math.max(1, Math.abs(sum)), `${label} sum`);
  assert.ok(Math.abs(t.avg - sum / values.length) <= 1e-9 * Math.max(1, Math.abs(sum / values.length)), `${label} avg`);
  assert.equal(t.med, t.percentile(50));
  return t;
}

test('percentiles stay within 0.1% + 0.001 of the exact k6 value on several distributions', () => {
  const r = rng(42);
  const gen: Record<string, () => number> = {
    'uniform 0..1000 ms': () => r() * 1000,
    'log-spread 1µs..10 min': () => Math.exp(r() * Math.log(6e8)) / 1000,
    'heavy tail': () => 5 + -Math.log(1 - r()) * 40 + (r() < 0.01 ? r() * 30_000 : 0),
    'tiny values < 0.01': () => r() * 0.01,
    'huge values (slow path > 2^32 thousandths)': () => 4.3e6 + r() * 1e9,
    'mixed signs': () => (r() - 0.5) * 2000,
    'all negative': () => -r() * 300,
    'few distinct integers': () => Math.floor(r() * 5),
  };
  for (const [label, g] of Object.entries(gen)) {
    for (const n of [2, 3, 17, 1000, 25_000]) checkAgainstExact(Array.from({ length: n }, g), `${label} n=${n}`);
  }
});

test('the bound holds on many small random samples (interpolation between sparse ranks)', () => {
  const r = rng(7);
  for (let round = 0; round < 300; round++) {
    const n = 2 + Math.floor(r() * 40);
    const scale = 10 ** Math.floor(r() * 7 - 2);
    checkAgainstExact(Array.from({ length: n }, () => (r() - 0.2) * scale), `round ${round}`);
  }
});

test('k6 interpolation on two samples: p(95) and med between them', () => {
  const t = new TrendHistogram();
  t.add(71.7701);
  t.add(204.8049);
  // k6's own summary for these samples: med 138.2875, p(90) 191.50142, p(95) 198.15316
  for (const [p, want] of [[50, 138.2875], [90, 191.50142], [95, 198.15316]] as const) {
    assert.ok(Math.abs(t.percentile(p) - want) <= 0.001 * 204.8049 + 0.001, `p(${p}) = ${t.percentile(p)}, k6 ${want}`);
  }
  assert.equal(t.percentile(0), 71.7701);
  assert.equal(t.percentile(100), 204.8049);
});

test('one sample: every percentile is that sample; no samples: zeros', () => {
  const one = new TrendHistogram();
  one.add(12.3456789);
  assert.deepEqual(one.percentiles([0, 50, 99.9, 100]), [12.3456789, 12.3456789, 12.3456789, 12.3456789]);
  const none = new TrendHistogram();
  assert.deepEqual(none.percentiles([50, 99]), [0, 0]);
  assert.equal(none.avg, 0);
  assert.ok(none.empty);
});

test('non-finite values are ignored', () => {
  const t = new TrendHistogram();
  t.add(NaN);
  t.add(Infinity);
  t.add(-Infinity);
  t.add(5);
  assert.equal(t.count, 1);
  assert.equal(t.max, 5);
});

test('merging N histograms gives the same stats as one fed every sample', () => {
  const r = rng(99);
  const all = new TrendHistogram();
  const parts = Array.from({ length: 5 }, () => new TrendHistogram());
  for (let i = 0; i < 20_000; i++) {
    const v = (r() < 0.05 ? -1 : 1) * Math.exp(r() * 12) / 100;
    all.add(v);
    parts[i % parts.length].add(v);
  }
  const viaSnapshots = new TrendHistogram();
  const viaLive = new TrendHistogram();
  for (const p of parts) {
    viaSnapshots.merge(JSON.parse(JSON.stringify(p.snapshot())));
    viaLive.merge(p);
  }
  for (const m of [viaSnapshots, viaLive]) {
    assert.deepEqual(m.percentiles(PS), all.percentiles(PS));
    assert.equal(m.count, all.count);
    assert.equal(m.min, all.min);
    assert.equal(m.max, all.max);
    assert.ok(Math.abs(m.sum - all.sum) <= 1e-9 * Math.abs(all.sum));
  }
});

test('snapshot survives JSON and structuredClone; restore keeps recording (auto-resize)', () => {
  const t = new TrendHistogram();
  for (let i = 1; i <= RAW_LIMIT + 1000; i++) t.add(i / 7);
  const snap = t.snapshot();
  assert.equal(typeof snap.pos, 'string');
  assert.equal(snap.values, undefined);
  assert.equal(snap.neg, null);
  const back = TrendHistogram.fromSnapshot(structuredClone(JSON.parse(JSON.stringify(snap))));
  assert.deepEqual(back.percentiles(PS), t.percentiles(PS));
  back.add(1e7);
  t.add(1e7);
  assert.deepEqual(back.percentiles(PS), t.percentiles(PS));
  assert.equal(back.max, 1e7);
});

test('up to RAW_LIMIT values a snapshot carries the values; merged, they give exactly what histograms give', () => {
  const r = rng(7);
  const parts = Array.from({ length: 8 }, () => new TrendHistogram());
  const all = new TrendHistogram();
  for (let i = 0; i < 8 * 300; i++) {
    const v = (r() < 0.05 ? -1 : 1) * Math.exp(r() * 10) / 50;
    all.add(v);
    parts[i % 8].add(v);
  }
  const merged = new TrendHistogram();
  for (const p of parts) {
    const snap = JSON.parse(JSON.stringify(p.snapshot()));
    assert.equal(snap.values.length, 300);
    assert.deepEqual([snap.pos, snap.neg], [null, null]);
    merged.merge(snap);
  }
  assert.deepEqual(merged.percentiles(PS), all.percentiles(PS));
  assert.deepEqual([merged.count, merged.min, merged.max], [all.count, all.min, all.max]);
  assert.ok(Math.abs(merged.sum - all.sum) <= 1e-9 * Math.abs(all.sum));
  // Past the limit (in one trend or after merging histograms) the snapshot is histograms again.
  const big = new TrendHistogram();
  for (let i = 0; i <= RAW_LIMIT; i++) big.add(i);
  assert.equal(big.snapshot().values, undefined);
  assert.equal(typeof big.snapshot().pos, 'string');
  merged.merge(big.snapshot());
  assert.equal(merged.snapshot().values, undefined);
  // reset() starts collecting values again.
  big.reset();
  big.add(5);
  assert.deepEqual(big.snapshot().values, [5]);
});

test('reset empties the trend; empty snapshot merges as a no-op', () => {
  const t = new TrendHistogram();
  t.add(3);
  t.add(-3);
  t.reset();
  assert.ok(t.empty);
  assert.deepEqual(t.snapshot(), { type: 'trend', count: 0, sum: 0, min: Infinity, max: -Infinity, pos: null, neg: null });
  const u = new TrendHistogram();
  u.add(1);
  u.merge(JSON.parse(JSON.stringify(t.snapshot())));
  assert.equal(u.count, 1);
  t.add(8);
  assert.equal(t.percentile(50), 8);
});

test('percentileOf accepts p(N) with N in [0, 100] only', () => {
  assert.equal(percentileOf('p(99.9)'), 99.9);
  assert.equal(percentileOf('p(0)'), 0);
  assert.equal(percentileOf('p( 95 )'), 95);
  assert.equal(percentileOf('p(100.1)'), undefined);
  assert.equal(percentileOf('p(-1)'), undefined);
  assert.equal(percentileOf('avg'), undefined);
});
