/**
 * End to end, through `servebench load`: each of k6's six executors starts the iterations k6's docs
 * promise for a small plan (counts, which VUs, when), read back from the per-iteration records the
 * fixture `record.js` writes (--out json): the open model is not slowed by slow iterations and
 * drops (dropped_iterations) what it cannot start; startTime, gracefulStop, per-scenario env/tags
 * and exec behave as documented.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describe as describeRun, EXIT, fixture, iterations, pointsOf, runEngine, startTarget, sumOf, type EngineRun, type IterationRecord, type Target } from './helpers/run-engine.ts';

const RECORD = fixture('record');
const RECORD_ASYNC = fixture('record-async');
let target: Target;
before(async () => {
  target = await startTarget();
});
after(() => target.close());

function run(scenarios: Record<string, object>, vars: Record<string, string> = {}): Promise<EngineRun> {
  return runEngine(RECORD, { json: true, vars: { SCENARIOS: scenarios, ...vars } });
}

function ok(r: EngineRun): void {
  assert.equal(r.code, EXIT.ok, describeRun(r));
}

const byVu = (its: IterationRecord[]) => {
  const m = new Map<number, IterationRecord[]>();
  for (const i of its) m.set(i.vu, [...(m.get(i.vu) ?? []), i]);
  for (const l of m.values()) l.sort((a, b) => a.ivu - b.ivu);
  return m;
};
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sortedIts = (its: IterationRecord[]) => its.map((i) => i.it).sort((a, b) => a - b);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];

/** Each VU's iterations are numbered 0, 1, 2, … (exec.vu.iterationInScenario). */
function assertVuNumbering(its: IterationRecord[]): void {
  for (const [vu, list] of byVu(its)) assert.deepEqual(list.map((i) => i.ivu), range(list.length), `VU ${vu}'s iterationInScenario`);
}

test('constant-vus: 3 VUs loop for the duration, each starting its next iteration when the last ends', async () => {
  const r = await run({ s: { executor: 'constant-vus', vus: 3, duration: '2s' } }, { SLEEP: '0.2' });
  ok(r);
  const its = iterations(r);
  const vus = byVu(its);
  assert.deepEqual([...vus.keys()].sort(), [1, 2, 3]);
  for (const [vu, list] of vus) {
    // 2 s / 0.2 s per iteration: 10 each (closed model), a little less on a loaded machine.
    assert.ok(list.length >= 8 && list.length <= 11, `VU ${vu} ran ${list.length} iterations, expected ~10`);
    for (let k = 1; k < list.length; k++) assert.ok(list[k].offsetMs - list[k - 1].offsetMs >= 195, `VU ${vu} started iteration ${k} before the previous one ended`);
  }
  assert.ok(Math.max(...its.map((i) => i.offsetMs)) < 2000, 'no iteration starts after the duration');
  assertVuNumbering(its);
  // exec.scenario.iterationInTest numbers the scenario's iterations across all VUs: 0 … n-1.
  assert.deepEqual(sortedIts(its), range(its.length));
  assert.equal(sumOf(r, 'iterations'), its.length, 'every iteration completed and counted');
  assert.equal(Math.max(...pointsOf(r, 'vus').map((p) => p.data.value)), 3);
  assert.equal(Math.max(...pointsOf(r, 'vus_max').map((p) => p.data.value)), 3);
});

test('ramping-vus: VUs start and stop where the stages put them (1 → 3 over 1 s, hold, 3 → 1 over 1 s)', async () => {
  const r = await run(
    { s: { executor: 'ramping-vus', startVUs: 1, stages: [{ duration: '1s', target: 3 }, { duration: '1s', target: 3 }, { duration: '1s', target: 1 }], gracefulRampDown: '0s' } },
    { SLEEP: '0.1' },
  );
  ok(r);
  const its = iterations(r);
  const vus = [...byVu(its).values()].sort((a, b) => a[0].offsetMs - b[0].offsetMs);
  assert.equal(vus.length, 3, 'three VUs at the peak');
  const first = vus.map((l) => l[0].offsetMs);
  const last = vus.map((l) => l[l.length - 1].offsetMs);
  // Going up, the count is floor(1 + 2·t/1 s): the 2nd VU at 500 ms, the 3rd at 1000 ms.
  assert.ok(first[0] < 200, `1st VU from the start (${first[0]} ms)`);
  assert.ok(first[1] >= 480 && first[1] < 750, `2nd VU starts at ~500 ms (${first[1]} ms)`);
  assert.ok(first[2] >= 980 && first[2] < 1250, `3rd VU starts at ~1000 ms (${first[2]} ms)`);
  // Going down, ceil(3 - 2·(t-2 s)/1 s): the last VU added is the first removed, at 2500 ms.
  assert.ok(last[2] < 2500 && last[2] >= 2250, `3rd VU's last iteration starts before 2500 ms (${last[2]} ms)`);
  assert.ok(last[0] >= 2700 && last[0] < 3000 && last[1] >= 2700 && last[1] < 3000, `the other two run to the end (${last[0]}, ${last[1]} ms)`);
  // Active VUs in windows: 1, then 2, then 3, then 2.
  const activeIn = (from: number, to: number) => new Set(its.filter((i) => i.offsetMs >= from && i.offsetMs < to).map((i) => i.vu)).size;
  assert.equal(activeIn(0, 450), 1);
  assert.equal(activeIn(1300, 2200), 3);
  assert.equal(activeIn(2600, 3000), 2);
  assertVuNumbering(its);
  assert.deepEqual(sortedIts(its), range(its.length));
});

test('per-vu-iterations: each of 3 VUs runs exactly 4 iterations', async () => {
  const r = await run({ s: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } }, { SLEEP: '0.02' });
  ok(r);
  const its = iterations(r);
  assert.equal(its.length, 12);
  const vus = byVu(its);
  assert.deepEqual([...vus.keys()].sort(), [1, 2, 3]);
  for (const [vu, list] of vus) assert.equal(list.length, 4, `VU ${vu}`);
  assertVuNumbering(its);
  assert.deepEqual(sortedIts(its), range(12));
  assert.equal(sumOf(r, 'iterations'), 12);
});

test('shared-iterations: 20 iterations shared by 3 VUs, exactly once each', async () => {
  const r = await run({ s: { executor: 'shared-iterations', vus: 3, iterations: 20 } }, { SLEEP: '0.05' });
  ok(r);
  const its = iterations(r);
  assert.equal(its.length, 20);
  assert.deepEqual(sortedIts(its), range(20));
  const vus = byVu(its);
  assert.deepEqual([...vus.keys()].sort(), [1, 2, 3], 'every VU took a share');
  for (const [vu, list] of vus) assert.ok(list.length >= 3 && list.length <= 10, `VU ${vu} ran ${list.length}`);
  assertVuNumbering(its);
  assert.equal(sumOf(r, 'iterations'), 20);
});

test('constant-arrival-rate: 50/s for 4 s starts 200 ± 1 iterations, one every 20 ms, though each takes 60 ms', async () => {
  // The async twin of the fixture: many VUs per thread, so 20 VUs start in no time.
  const r = await runEngine(RECORD_ASYNC, {
    json: true,
    vars: { SCENARIOS: { s: { executor: 'constant-arrival-rate', rate: 50, timeUnit: '1s', duration: '4s', preAllocatedVUs: 20 } }, TARGET: `${target.url}/slow?delay=60` },
  });
  ok(r);
  assert.equal(sumOf(r, 'dropped_iterations'), 0, 'enough VUs: nothing dropped (a drop here means the machine stalled)');
  const its = iterations(r).sort((a, b) => a.it - b.it);
  assert.ok(Math.abs(its.length - 200) <= 1, `${its.length} iterations`);
  assert.deepEqual(its.map((i) => i.it), range(its.length), 'iterationInTest numbers the ticks');
  // Open model: start i at i·20 ms, whatever the iteration's own duration.
  const late = its.map((i) => i.offsetMs - i.it * 20);
  assert.ok(quantile(late.map(Math.abs), 0.5) <= 10, `median lateness ${quantile(late, 0.5)} ms`);
  assert.ok(quantile(late.map(Math.abs), 0.95) <= 40, `95th percentile lateness ${quantile(late.map(Math.abs), 0.95)} ms`);
  const gaps = its.slice(1).map((x, k) => x.offsetMs - its[k].offsetMs);
  assert.ok(Math.abs(median(gaps) - 20) <= 3, `median spacing ${median(gaps)} ms`);
  assert.ok(target.requests.filter((q) => q.url.startsWith('/slow')).length >= 199);
});

test('ramping-arrival-rate: 0 → 20/s over 2 s then 20/s for 1 s starts 40 iterations at the integral of the rate', async () => {
  const r = await runEngine(RECORD_ASYNC, {
    json: true,
    vars: { SCENARIOS: { s: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', stages: [{ duration: '2s', target: 20 }, { duration: '1s', target: 20 }], preAllocatedVUs: 10 } } },
  });
  ok(r);
  assert.equal(sumOf(r, 'dropped_iterations'), 0, 'enough VUs: nothing dropped (a drop here means the machine stalled)');
  const its = iterations(r).sort((a, b) => a.it - b.it);
  assert.ok(Math.abs(its.length - 40) <= 1, `${its.length} iterations`);
  assert.deepEqual(its.map((i) => i.it), range(its.length));
  // N(t) = 5·t² over the ramp (tick i at √(i/5) s), then 20/s: tick i at 2 s + (i − 20)·50 ms.
  const expected = (i: number) => (i <= 20 ? 1000 * Math.sqrt(i / 5) : 2000 + (i - 20) * 50);
  const off = its.map((i) => Math.abs(i.offsetMs - expected(i.it)));
  assert.ok(quantile(off, 0.9) <= 30, `90th percentile deviation ${quantile(off, 0.9)} ms; offsets ${its.map((i) => i.offsetMs).join(',')}`);
  // Slower at the start of the ramp than at its end.
  assert.ok(its[2].offsetMs - its[1].offsetMs > 2 * (its[20].offsetMs - its[19].offsetMs));
});

test('arrival rate with too few VUs: iterations that find no free VU are dropped and counted, never delayed', async () => {
  const r = await run(
    { s: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '2s', preAllocatedVUs: 1, maxVUs: 1 } },
    { TARGET: `${target.url}/slow?delay=300` },
  );
  ok(r);
  const started = iterations(r).length;
  const dropped = sumOf(r, 'dropped_iterations');
  assert.equal(started + dropped, 40, `started ${started} + dropped ${dropped} = the 40 scheduled`);
  assert.ok(started >= 4 && started <= 8, `one VU, 300 ms each: ~7 started (got ${started})`);
  assert.ok(pointsOf(r, 'dropped_iterations').every((p) => p.data.tags?.scenario === 's'), 'dropped_iterations tagged with the scenario');
  // Never delayed: every start falls on a tick of the 50 ms grid.
  for (const i of iterations(r)) {
    const fromGrid = i.offsetMs % 50;
    assert.ok(fromGrid <= 25 || fromGrid >= 45, `start at ${i.offsetMs} ms is off the 50 ms grid`);
  }
  assert.equal(r.metrics.get('dropped_iterations')?.data.type, 'counter');
});

test('startTime offsets a scenario; exec picks the function; env and tags are per scenario', async () => {
  const r = await run(
    {
      early: { executor: 'per-vu-iterations', vus: 1, iterations: 2, env: { WHO: 'early' }, tags: { team: 'x' } },
      late: { executor: 'per-vu-iterations', vus: 1, iterations: 2, startTime: '1s', exec: 'alt' },
    },
    { WHO: 'global' },
  );
  ok(r);
  const early = iterations(r, 'early');
  const late = iterations(r, 'late');
  assert.equal(early.length, 2);
  assert.equal(late.length, 2);
  assert.ok(early.every((i) => i.tags.fn === 'default' && i.tags.who === 'early' && i.tags.team === 'x'), JSON.stringify(early.map((i) => i.tags)));
  assert.ok(late.every((i) => i.tags.fn === 'alt' && i.tags.who === 'global' && !('team' in i.tags)), JSON.stringify(late.map((i) => i.tags)));
  // Scenario tags go on every sample of the scenario, built-in metrics included.
  assert.ok(pointsOf(r, 'iterations', { scenario: 'early' }).every((p) => p.data.tags?.team === 'x'));
  assert.equal(pointsOf(r, 'iterations', { scenario: 'early' }).length, 2);
  const elapsed = (fn: string) => pointsOf(r, 'test_elapsed', { fn }).map((p) => p.data.value);
  assert.ok(Math.max(...elapsed('default')) < 900, `early runs at once (${elapsed('default')})`);
  assert.ok(Math.min(...elapsed('alt')) >= 1000 && Math.min(...elapsed('alt')) < 1600, `late starts 1 s in (${elapsed('alt')})`);
  // exec.scenario.startTime is the scenario's own start: its first iteration is right after it.
  assert.ok(Math.min(...late.map((i) => i.offsetMs)) < 300);
  // The two concurrent scenarios have VUs of their own.
  assert.notEqual(early[0].vu, late[0].vu);
});

test('gracefulStop: an iteration running past the end gets gracefulStop to finish, then is interrupted and not counted', async () => {
  const r = await run({
    cut: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '500ms', env: { SLEEP: '3' } },
    kept: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '3s', env: { SLEEP: '2' } },
  });
  ok(r);
  assert.equal(iterations(r, 'cut').length, 1, 'the long iteration started');
  assert.equal(sumOf(r, 'iter_done', { scenario: 'cut' }), 0, 'and was interrupted in its sleep');
  assert.equal(sumOf(r, 'iterations', { scenario: 'cut' }), 0, 'an interrupted iteration is not counted');
  assert.equal(pointsOf(r, 'iteration_duration', { scenario: 'cut' }).length, 0);
  assert.equal(sumOf(r, 'iter_done', { scenario: 'kept' }), 1, 'within gracefulStop it finishes');
  assert.equal(sumOf(r, 'iterations', { scenario: 'kept' }), 1);
  const summary = JSON.parse(r.files['summary.json']) as { state: { testRunDurationMs: number } };
  // kept ends at ~2 s; cut would have slept until 3 s without its 1.5 s hard stop.
  assert.ok(summary.state.testRunDurationMs >= 1900 && summary.state.testRunDurationMs < 2900, `test ran ${summary.state.testRunDurationMs} ms`);
});

test('a scenario whose exec function is not exported is a configuration error (104)', async () => {
  const r = await run({ s: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'nope' } });
  assert.equal(r.code, EXIT.invalidConfig, describeRun(r));
  assert.match(r.stderr, /nope/);
});
