/** Per-executor plans: unsegmented schedules, and three segments adding up to exactly them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SegmentedExecution } from '../../loadgen/segments/execution-segment.ts';
import { normalizeScenario, type NormalizedScenario } from '../../loadgen/executors/executor-config.ts';
import {
  globalRampingVUsAt,
  maxConcurrentVUs,
  maxDurationMs,
  maxPossibleVUs,
  planScenario,
  type ArrivalRatePlan,
  type ArrivalTick,
  type RampingVUsPlan,
  type ScenarioPlan,
} from '../../loadgen/executors/executor-plans.ts';

const FULL = SegmentedExecution.full();
const THIRDS = ['0:1/3', '1/3:2/3', '2/3:1'].map((s) => SegmentedExecution.parse(s, '0,1/3,2/3,1'));
const cfg = (raw: Record<string, unknown>, name = 's'): NormalizedScenario => normalizeScenario(name, raw);
function plans<T extends ScenarioPlan>(c: NormalizedScenario): { full: T; parts: T[] } {
  return { full: planScenario(c, FULL) as T, parts: THIRDS.map((s) => planScenario(c, s) as T) };
}
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const mergeTicks = (parts: ArrivalRatePlan[]): ArrivalTick[] => parts.flatMap((p) => [...p.ticks()]).sort((a, b) => a.globalIndex - b.globalIndex);

test('constant-vus: scaled VUs add up', () => {
  for (const vus of [1, 2, 50, 101]) {
    const { full, parts } = plans<Extract<ScenarioPlan, { executor: 'constant-vus' }>>(cfg({ executor: 'constant-vus', vus, duration: '30s' }));
    assert.equal(full.vus, vus);
    assert.equal(sum(parts.map((p) => p.vus)), vus);
    assert.ok(parts.every((p) => p.durationMs === 30_000));
  }
  const { parts } = plans<Extract<ScenarioPlan, { executor: 'constant-vus' }>>(cfg({ executor: 'constant-vus', vus: 50, duration: '1s' }));
  assert.deepEqual(parts.map((p) => p.vus), [17, 17, 16]);
});

const RAMP = cfg({
  executor: 'ramping-vus', startVUs: 0, gracefulRampDown: '3s',
  stages: [{ duration: '10s', target: 10 }, { duration: '10s', target: 0 }, { duration: '0s', target: 5 }, { duration: '5s', target: 7 }, { duration: '5s', target: 2 }],
});

test('ramping-vus: VU g starts when the ramp reaches g+1 and stops when it falls back to g', () => {
  const full = planScenario(RAMP, FULL) as RampingVUsPlan;
  assert.equal(full.totalStageDurationMs, 30_000);
  assert.deepEqual([999, 1000, 1999, 2000, 9999, 10_000].map(full.vusAt), [0, 1, 1, 2, 9, 10]);
  // ramp down 10 → 0 over 10s from 10s: VU 9 stops at 11s, VU 0 at 20s, then a jump to 5.
  assert.deepEqual([10_999, 11_000, 19_999].map(full.vusAt), [10, 9, 1]);
  assert.deepEqual([20_000, 22_500, 24_999, 25_000, 29_999, 30_000, -1].map(full.vusAt), [5, 6, 6, 7, 3, 0, 0]);
  const vu9 = full.vus.find((v) => v.globalIndex === 9)!;
  assert.deepEqual(vu9.intervals, [{ startMs: 10_000, endMs: 11_000, endReason: 'ramp-down', hardStopMs: 14_000 }]);
  const vu0 = full.vus.find((v) => v.globalIndex === 0)!;
  assert.deepEqual(vu0.intervals, [{ startMs: 1000, endMs: 30_000, endReason: 'scenario-end', hardStopMs: 60_000 }], 'down to 0 and straight back up is one stretch');
  assert.ok(RAMP.executor === 'ramping-vus');
  assert.equal(globalRampingVUsAt(RAMP, 25_000), 7);
});

test('ramping-vus: three segments give exactly the unsegmented VU counts and windows', () => {
  const { full, parts } = plans<RampingVUsPlan>(RAMP);
  for (let t = -500; t <= 31_000; t += 125) {
    assert.equal(sum(parts.map((p) => p.vusAt(t))), full.vusAt(t), `t=${t}`);
  }
  const byGlobal = new Map(full.vus.map((v) => [v.globalIndex, v.intervals]));
  const seen = parts.flatMap((p) => p.vus.map((v) => v.globalIndex)).sort((a, b) => a - b);
  assert.deepEqual(seen, [...byGlobal.keys()].sort((a, b) => a - b));
  for (const p of parts) for (const v of p.vus) assert.deepEqual(v.intervals, byGlobal.get(v.globalIndex));
  assert.deepEqual(parts.map((p) => p.vus.map((v) => v.globalIndex)), [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]);
});

test('per-vu-iterations: VUs scale, iterations per VU do not', () => {
  const { full, parts } = plans<Extract<ScenarioPlan, { executor: 'per-vu-iterations' }>>(cfg({ executor: 'per-vu-iterations', vus: 10, iterations: 7 }));
  assert.equal(full.totalIterations, 70);
  assert.deepEqual(parts.map((p) => p.vus), [4, 3, 3]);
  assert.ok(parts.every((p) => p.iterationsPerVU === 7));
  assert.equal(sum(parts.map((p) => p.totalIterations)), 70);
});

test('shared-iterations: iteration indices of three segments partition 0…I−1', () => {
  for (const iterations of [1, 2, 3, 10, 101]) {
    const { full, parts } = plans<Extract<ScenarioPlan, { executor: 'shared-iterations' }>>(cfg({ executor: 'shared-iterations', vus: 1, iterations }));
    assert.deepEqual([...full.globalIterationIndices()], Array.from({ length: iterations }, (_, i) => i));
    assert.equal(sum(parts.map((p) => p.iterations)), iterations);
    const all = parts.flatMap((p) => [...p.globalIterationIndices()]).sort((a, b) => a - b);
    assert.deepEqual(all, [...full.globalIterationIndices()]);
    for (const p of parts) {
      assert.equal([...p.globalIterationIndices()].length, p.iterations);
      if (p.iterations > 0) assert.equal(p.globalIterationIndex(p.iterations - 1), [...p.globalIterationIndices()].at(-1));
      assert.throws(() => p.globalIterationIndex(p.iterations), RangeError);
    }
  }
  const vus = plans<Extract<ScenarioPlan, { executor: 'shared-iterations' }>>(cfg({ executor: 'shared-iterations', vus: 50, iterations: 60 }));
  assert.deepEqual(vus.parts.map((p) => p.vus), [17, 17, 16]);
});

test('constant-arrival-rate: 50/s for 4s is exactly 200 ticks 20 ms apart', () => {
  const { full, parts } = plans<ArrivalRatePlan>(cfg({ executor: 'constant-arrival-rate', rate: 50, duration: '4s', preAllocatedVUs: 1, maxVUs: 5 }));
  const ticks = [...full.ticks()];
  assert.equal(full.totalGlobalTicks, 200);
  assert.equal(ticks.length, 200);
  ticks.forEach((t, i) => assert.deepEqual(t, { globalIndex: i, atMs: 20 * i }));
  assert.deepEqual(mergeTicks(parts), ticks);
  assert.deepEqual(parts.map((p) => p.localTicks), [67, 67, 66]);
  assert.deepEqual(parts.map((p) => p.preAllocatedVUs), [1, 0, 0]);
  assert.deepEqual(parts.map((p) => p.maxVUs), [2, 2, 1]);
});

test('constant-arrival-rate: a non-integer count rounds up (ticks strictly before the end)', () => {
  const full = planScenario(cfg({ executor: 'constant-arrival-rate', rate: 3, timeUnit: '1m', duration: '50s', preAllocatedVUs: 1 }), FULL) as ArrivalRatePlan;
  assert.equal(full.totalGlobalTicks, 3); // 2.5 due: at 0, 20s, 40s
  assert.deepEqual([...full.ticks()].map((t) => t.atMs), [0, 20_000, 40_000]);
});

/** Analytic N(t) for stages with linear rates, per timeUnit. */
function cumulative(startRate: number, stages: Array<[number, number]>, unitMs: number, t: number): number {
  let n = 0;
  let from = startRate;
  let at = 0;
  for (const [d, to] of stages) {
    const x = Math.min(Math.max(t - at, 0), d);
    if (d > 0) n += (from * x + ((to - from) * x * x) / (2 * d)) / unitMs;
    at += d;
    from = to;
  }
  return n;
}

test('ramping-arrival-rate: 0 → 100/s over 10s is 500 ticks at N(t) = i', () => {
  const { full, parts } = plans<ArrivalRatePlan>(cfg({ executor: 'ramping-arrival-rate', preAllocatedVUs: 3, stages: [{ duration: '10s', target: 100 }] }));
  const ticks = [...full.ticks()];
  assert.equal(full.totalGlobalTicks, 500);
  assert.equal(ticks.length, 500);
  assert.equal(ticks[0].atMs, 0);
  ticks.forEach((t, i) => {
    assert.equal(t.globalIndex, i);
    assert.ok(Math.abs(t.atMs - Math.sqrt(200_000 * i)) < 1e-6, `tick ${i} at ${t.atMs}`); // N(t) = t²/200000 (t in ms)
  });
  assert.deepEqual(mergeTicks(parts), ticks);
  assert.deepEqual(parts.map((p) => p.preAllocatedVUs), [1, 1, 1]);
});

test('ramping-arrival-rate: multi-stage counts equal the integral and times invert N', () => {
  const stages: Array<[number, number]> = [[5000, 10], [10_000, 50], [0, 20], [5000, 0], [3000, 0], [4000, 30]];
  const c = cfg({ executor: 'ramping-arrival-rate', startRate: 10, preAllocatedVUs: 1, stages: stages.map(([d, target]) => ({ duration: d, target })) });
  const { full, parts } = plans<ArrivalRatePlan>(c);
  const ticks = [...full.ticks()];
  // 50 + 300 + 0 + 50 + 0 + 60 = 460 iterations due.
  assert.equal(full.totalGlobalTicks, 460);
  assert.equal(ticks.length, 460);
  for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i].atMs >= ticks[i - 1].atMs, `monotonic at ${i}`);
  for (const t of ticks) assert.ok(Math.abs(cumulative(10, stages, 1000, t.atMs) - t.globalIndex) < 1e-6, `N(${t.atMs}) ≈ ${t.globalIndex}`);
  // tick 400 is due when the 20→0 ramp ends (20s); the rate is then 0 until 23s.
  assert.ok(Math.abs(ticks[400].atMs - 20_000) < 1e-6);
  assert.ok(ticks[401].atMs > 23_000);
  assert.ok(ticks[459].atMs < 27_000);
  assert.deepEqual(mergeTicks(parts), ticks);
  assert.equal(sum(parts.map((p) => p.localTicks)), 460);
  assert.equal(full.durationMs, 27_000);
});

test('ramping-arrival-rate: a fractional integral keeps every tick with N(t) = i before the end', () => {
  // 0 → 3/s over 1s: N(1s) = 1.5, so ticks 0 (t=0) and 1 (t = √(2/3) s); then 3/s flat for 0.1s adds 0.3.
  const c = cfg({ executor: 'ramping-arrival-rate', preAllocatedVUs: 1, stages: [{ duration: '1s', target: 3 }, { duration: '100ms', target: 3 }] });
  const { full, parts } = plans<ArrivalRatePlan>(c);
  const ticks = [...full.ticks()];
  assert.equal(full.totalGlobalTicks, 2);
  assert.equal(ticks[0].atMs, 0);
  assert.ok(Math.abs(ticks[1].atMs - Math.sqrt(2 / 3) * 1000) < 1e-6);
  assert.deepEqual(mergeTicks(parts), ticks);
  const longer = planScenario(cfg({ executor: 'ramping-arrival-rate', preAllocatedVUs: 1, stages: [{ duration: '1s', target: 3 }, { duration: '200ms', target: 3 }] }), FULL) as ArrivalRatePlan;
  assert.equal(longer.totalGlobalTicks, 3, 'N = 2.1 → ticks 0, 1, 2');
  assert.ok(Math.abs([...longer.ticks()][2].atMs - (1000 + 500 / 3)) < 1e-6);
});

test('ramping-arrival-rate: timeUnit scales the rate', () => {
  const full = planScenario(cfg({ executor: 'ramping-arrival-rate', startRate: 60, timeUnit: '1m', preAllocatedVUs: 1, stages: [{ duration: '10s', target: 60 }] }), FULL) as ArrivalRatePlan;
  assert.deepEqual([...full.ticks()].map((t) => Math.round(t.atMs)), [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
});

test('maxDurationMs includes gracefulStop but not startTime', () => {
  assert.equal(maxDurationMs(cfg({ executor: 'constant-vus', duration: '10s', gracefulStop: '3s', startTime: '1m' })), 13_000);
  assert.equal(maxDurationMs(RAMP), 60_000);
  assert.equal(maxDurationMs(cfg({ executor: 'shared-iterations' })), 630_000);
  assert.equal(maxDurationMs(cfg({ executor: 'per-vu-iterations', maxDuration: '1m', gracefulStop: '0s' })), 60_000);
  assert.equal(maxDurationMs(cfg({ executor: 'constant-arrival-rate', rate: 1, duration: '2s', preAllocatedVUs: 1 })), 32_000);
  assert.equal(maxDurationMs(cfg({ executor: 'ramping-arrival-rate', preAllocatedVUs: 1, stages: [{ duration: '2s', target: 1 }, { duration: '3s', target: 1 }] })), 35_000);
});

test('VU pool: overlapping scenarios add up, sequential ones reuse VUs (k6 docs example: 20 max VUs)', () => {
  const a = cfg({ executor: 'shared-iterations', vus: 10, iterations: 100 }, 'a');
  const b = cfg({ executor: 'per-vu-iterations', vus: 10, iterations: 10, startTime: '10s' }, 'b');
  assert.equal(maxConcurrentVUs({ a, b }, FULL), 20);
  const after = cfg({ executor: 'constant-vus', vus: 7, duration: '1s', startTime: '10m30s' }, 'c');
  assert.equal(maxConcurrentVUs([a, after], FULL), 10);
  assert.equal(maxConcurrentVUs([cfg({ executor: 'constant-vus', vus: 7, duration: '1s', startTime: '10m29s' })], FULL), 7);
  assert.equal(maxConcurrentVUs([a, cfg({ executor: 'constant-vus', vus: 7, duration: '1s', startTime: '10m29s' })], FULL), 17);
});

test('VU pool: arrival-rate planned vs possible, and segments split the pool', () => {
  const ar = cfg({ executor: 'constant-arrival-rate', rate: 5, duration: '10s', preAllocatedVUs: 4, maxVUs: 9 });
  const cv = cfg({ executor: 'constant-vus', vus: 50, duration: '10s' });
  assert.equal(maxConcurrentVUs([ar, cv], FULL), 54);
  assert.equal(maxPossibleVUs([ar, cv], FULL), 59);
  assert.deepEqual(THIRDS.map((s) => maxConcurrentVUs([cv], s)), [17, 17, 16]);
  assert.equal(sum(THIRDS.map((s) => maxPossibleVUs([ar], s))), 9);
});

test('VU pool: ramped-down VUs hold their slot for gracefulRampDown', () => {
  const down = (grace: string): NormalizedScenario => cfg({ executor: 'ramping-vus', startVUs: 10, gracefulRampDown: grace, stages: [{ duration: '1s', target: 0 }, { duration: '1m', target: 0 }] }, 'down');
  const later = cfg({ executor: 'constant-vus', vus: 10, duration: '10s', startTime: '5s' }, 'later');
  assert.equal(maxConcurrentVUs([down('30s'), later], FULL), 20);
  assert.equal(maxConcurrentVUs([down('0s'), later], FULL), 10);
  const upDownUp = cfg({ executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '10s', target: 10 }, { duration: '10s', target: 0 }, { duration: '10s', target: 10 }] });
  assert.equal(maxConcurrentVUs([upDownUp], FULL), 10, 'a VU reactivated during its graceful ramp-down is the same VU');
});
