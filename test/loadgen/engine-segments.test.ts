/**
 * End to end: one test split over three engine instances with `--execution-segment 0:1/3`, `1/3:2/3`,
 * `2/3:1` and the shared `--execution-segment-sequence 0,1/3,2/3,1`, for every executor. Together the
 * three start exactly what one unsegmented instance starts (k6's docs): the same global iteration
 * indices (exec.scenario.iterationInTest) where the plan fixes them (shared-iterations, the
 * arrival-rate executors, whose ticks also keep their unscaled times), the same counts where the
 * plan fixes counts, never the same index twice, and VU ids (exec.vu.idInTest) that partition the
 * unsegmented ones, striped as k6 stripes them (equal shares: VU i+1 to segment i mod 3).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describe as describeRun, EXIT, fixture, iterations, mapLimit, runEngine, startTarget, THIRDS, sumOf, type EngineRun, type IterationRecord, type Target } from './helpers/run-engine.ts';

const SCRIPT = fixture('record-async');
const SEQUENCE = THIRDS.sequence;
const SEGMENTS = THIRDS.segments;

let target: Target;
before(async () => {
  target = await startTarget();
});
after(() => target.close());

interface Split {
  whole: EngineRun;
  parts: EngineRun[];
}

/** The unsegmented run and the three segments, in parallel. */
async function split(scenario: object, path = '/'): Promise<Split> {
  const vars = { SCENARIOS: { s: scenario }, TARGET: `${target.url}${path}` };
  const argsOf = [[], ...SEGMENTS.map((s) => ['--execution-segment', s, '--execution-segment-sequence', SEQUENCE])];
  const [whole, ...parts] = await mapLimit(argsOf, 4, (args) => runEngine(SCRIPT, { json: true, vars, args }));
  for (const r of [whole, ...parts]) assert.equal(r.code, EXIT.ok, describeRun(r));
  return { whole, parts };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const itsOf = (r: EngineRun) => sorted(iterations(r).map((i) => i.it));
const vusOf = (r: EngineRun) => sorted([...new Set(iterations(r).map((i) => i.vu))]);

/** No global iteration index is started twice, by one instance or across them. */
function assertDisjointIterations(parts: EngineRun[]): number[] {
  const all = sorted(parts.flatMap(itsOf));
  assert.equal(new Set(all).size, all.length, `an iterationInTest started twice: ${parts.map((p) => itsOf(p).join(',')).join(' | ')}`);
  return all;
}

/** VU ids: segment k has exactly the unsegmented VUs with (id − 1) mod 3 = k. */
function assertVuPartition({ whole, parts }: Split, vus: number): void {
  assert.deepEqual(vusOf(whole), range(vus).map((i) => i + 1), 'the unsegmented run uses VUs 1…N');
  parts.forEach((p, k) => {
    assert.deepEqual(vusOf(p), range(vus).filter((i) => i % 3 === k).map((i) => i + 1), `segment ${SEGMENTS[k]}'s VU ids`);
  });
}

/** Each instance's iteration indices are its own stripe: k, k+3, k+6, … (the first n of them). */
function assertStriped(parts: EngineRun[]): void {
  parts.forEach((p, k) => {
    const its = itsOf(p);
    assert.deepEqual(its, range(its.length).map((j) => k + 3 * j), `segment ${SEGMENTS[k]}'s iterationInTest values`);
  });
}

test('constant-vus: 5 VUs split 2/2/1 by VU id; no iteration index twice', async () => {
  const s = await split({ executor: 'constant-vus', vus: 5, duration: '1s' }, '/?delay=50');
  assertVuPartition(s, 5);
  assertDisjointIterations(s.parts);
  assertStriped(s.parts);
});

test('ramping-vus: the VUs the ramp reaches (0 → 5) are split by their global index', async () => {
  const s = await split({ executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 5 }, { duration: '500ms', target: 5 }], gracefulRampDown: '0s' }, '/?delay=50');
  assertVuPartition(s, 5);
  assertDisjointIterations(s.parts);
  // The 5th VU joins at 1 s in every instance: in segment 1/3:2/3 (VU 5) as in the whole run.
  const joinOf = (r: EngineRun, vu: number) => Math.min(...iterations(r).filter((i) => i.vu === vu).map((i) => i.offsetMs));
  assert.ok(joinOf(s.parts[1], 5) >= 950 && joinOf(s.parts[1], 5) < 1300, `VU 5 joins at ${joinOf(s.parts[1], 5)} ms`);
  assert.ok(joinOf(s.parts[0], 1) < 400 && joinOf(s.parts[0], 4) >= 750, 'segment 0:1/3 has the 1st and 4th VU of the ramp');
});

test('per-vu-iterations: VUs are scaled (2/2/1), not iterations per VU: 15 iterations in all', async () => {
  const s = await split({ executor: 'per-vu-iterations', vus: 5, iterations: 3 });
  assert.equal(iterations(s.whole).length, 15);
  assert.deepEqual(s.parts.map((p) => iterations(p).length), [6, 6, 3]);
  assertVuPartition(s, 5);
  for (const r of [s.whole, ...s.parts]) {
    const perVu = new Map<number, number>();
    for (const i of iterations(r)) perVu.set(i.vu, (perVu.get(i.vu) ?? 0) + 1);
    assert.ok([...perVu.values()].every((n) => n === 3), 'every VU runs its 3 iterations');
  }
  assertDisjointIterations(s.parts);
  assertStriped(s.parts);
});

test('shared-iterations: 20 iterations split 7/7/6; the three start exactly the unsegmented indices 0…19', async () => {
  const s = await split({ executor: 'shared-iterations', vus: 5, iterations: 20 }, '/?delay=20');
  assert.deepEqual(itsOf(s.whole), range(20));
  assert.deepEqual(s.parts.map((p) => iterations(p).length), [7, 7, 6]);
  assert.deepEqual(assertDisjointIterations(s.parts), itsOf(s.whole));
  assertStriped(s.parts);
  for (const [k, p] of s.parts.entries()) assert.ok(vusOf(p).every((v) => (v - 1) % 3 === k), `segment ${SEGMENTS[k]} VU ids ${vusOf(p)}`);
  assert.equal(s.parts.reduce((a, p) => a + sumOf(p, 'iterations'), 0), sumOf(s.whole, 'iterations'));
});

/** Global tick i: every instance starts it at (about) the time the unsegmented run does. */
function assertTicksMerge({ whole, parts }: Split, expectedTicks: number, at: (i: number) => number): void {
  for (const r of [whole, ...parts]) assert.equal(sumOf(r, 'dropped_iterations'), 0, 'enough VUs: nothing dropped (a drop here means the machine stalled)');
  const ticks = itsOf(whole);
  assert.deepEqual(ticks, range(expectedTicks), 'the unsegmented schedule');
  assert.deepEqual(assertDisjointIterations(parts), ticks, 'the three segments start exactly the unsegmented ticks');
  assert.deepEqual(parts.map((p) => iterations(p).length), [0, 1, 2].map((k) => range(expectedTicks).filter((i) => i % 3 === k).length));
  const off: number[] = [];
  for (const p of parts) for (const i of iterations(p)) off.push(Math.abs(i.offsetMs - at(i.it)));
  off.sort((a, b) => a - b);
  assert.ok(off[Math.floor(off.length * 0.9)] <= 40, `segment tick times off the unscaled schedule by up to ${off[off.length - 1]} ms (90%: ${off[Math.floor(off.length * 0.9)]})`);
}

test('constant-arrival-rate: 30/s for 2 s; each instance fires its stripe of the 60 ticks at their unscaled times', async () => {
  const s = await split({ executor: 'constant-arrival-rate', rate: 30, timeUnit: '1s', duration: '2s', preAllocatedVUs: 15 });
  assertTicksMerge(s, 60, (i) => (i * 1000) / 30);
});

test('ramping-arrival-rate: 10 → 30/s over 1 s, then 30/s for 1 s: 50 ticks, merged from the three', async () => {
  const s = await split({ executor: 'ramping-arrival-rate', startRate: 10, timeUnit: '1s', stages: [{ duration: '1s', target: 30 }, { duration: '1s', target: 30 }], preAllocatedVUs: 15 });
  // N(t) = 10t + 10t² over the ramp (t in s): tick i at (−10 + √(100 + 40 i)) / 20 s; then 20 + 30·(t − 1).
  const at = (i: number) => (i <= 20 ? (1000 * (-10 + Math.sqrt(100 + 40 * i))) / 20 : 1000 + ((i - 20) * 1000) / 30);
  assertTicksMerge(s, 50, at);
});

test('a segment that is not one of the sequence\'s intervals is refused (104)', async () => {
  const r = await runEngine(SCRIPT, { vars: { SCENARIOS: { s: { executor: 'shared-iterations', vus: 1, iterations: 1 } } }, args: ['--execution-segment', '0:1/2', '--execution-segment-sequence', SEQUENCE] });
  assert.equal(r.code, EXIT.invalidConfig, describeRun(r));
  assert.match(r.stderr, /segment/i);
});
