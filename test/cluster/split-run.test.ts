/**
 * One test split over three built-in-engine instances on this machine (segments 0:1/3, 1/3:2/3,
 * 2/3:1, one sequence, one --start-at), each leaving --result-out; merged, they equal one
 * unsegmented run against the same loopback target: the same iteration count and global
 * iteration indices, checks summed, thresholds passing on the merged data although each
 * instance alone fails them, and percentiles equal to those of all instances' raw samples
 * together (within the trend histogram's error bound).
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { mergeResults } from '../../loadgen/merge/merge-results.ts';
import { parseResultText } from '../../loadgen/merge/read-results.ts';
import { describe as describeRun, mapLimit, pointsOf, runEngine, startTarget, THIRDS, type EngineRun, type Target } from '../loadgen/helpers/run-engine.ts';
import { assertTrendMatches } from './helpers/exact-stats.ts';

const SCRIPT = fileURLToPath(new URL('./fixtures/split-http.js', import.meta.url));
const SEQUENCE = THIRDS.sequence;
const SEGMENTS = THIRDS.segments;

let target: Target;
before(async () => {
  target = await startTarget();
});
after(() => target.close());

const itsOf = (runs: EngineRun[]) => runs.flatMap((r) => pointsOf(r, 'iter_index').map((p) => Number(p.data.tags?.it))).sort((a, b) => a - b);

async function split(scenario: object, thresholds: object) {
  const vars = { SCENARIOS: { s: scenario }, TARGET: `${target.url}/`, THRESHOLDS: thresholds };
  // Far enough ahead that all three have initialised their VUs on a busy 2-core machine.
  const startAt = new Date(Date.now() + 8000).toISOString();
  const argsOf = [
    ['--result-out', 'result.json'],
    ...SEGMENTS.map((s, i) => ['--execution-segment', s, '--execution-segment-sequence', SEQUENCE, '--start-at', startAt, '--tag', `instance_id=${i}`, '--result-out', 'result.json']),
  ];
  const [whole, ...parts] = await mapLimit(argsOf, 4, (args) => runEngine(SCRIPT, { json: true, vars, args, timeoutMs: 40_000 }));
  for (const r of [whole, ...parts]) assert.ok(r.code === 0 || r.code === 99, describeRun(r));
  const results = parts.map((p, i) => parseResultText(p.files['result.json'] ?? '', `instance ${i}`));
  return { whole, parts, results, merged: mergeResults(results), startAt: Date.parse(startAt) };
}

function assertSameAsWhole(s: Awaited<ReturnType<typeof split>>, expectedIterations: number | null) {
  const wholeResult = parseResultText(s.whole.files['result.json'] ?? '', 'whole');
  const whole = mergeResults([wholeResult]).data.metrics;
  const m = s.merged.data.metrics;
  if (expectedIterations !== null) assert.equal(whole.iterations.values.count, expectedIterations, 'the unsegmented run');
  assert.equal(m.iterations.values.count, whole.iterations.values.count, 'merged iterations = unsegmented iterations');
  assert.equal(m.http_reqs.values.count, whole.http_reqs.values.count, 'merged http_reqs');
  assert.deepEqual(itsOf(s.parts), itsOf([s.whole]), 'the instances together run exactly the unsegmented global iteration indices');
  assert.equal(new Set(itsOf(s.parts)).size, itsOf(s.parts).length, 'no global iteration index twice');
  assert.deepEqual(s.merged.data.root_group.checks.map((c) => [c.name, c.passes, c.fails]), [['status is 200', m.iterations.values.count, 0]]);
  // Percentiles of the merged histograms = percentiles of all instances' raw samples together.
  const raw = s.parts.flatMap((p) => pointsOf(p, 'http_req_duration').map((pt) => pt.data.value));
  assert.equal(raw.length, m.http_reqs.values.count);
  assertTrendMatches({ ...m.http_req_duration.values, count: raw.length }, raw, 'http_req_duration');
  const c = s.merged.cluster;
  assert.equal(c.instances, 3);
  assert.deepEqual(c.ids, ['0', '1', '2']);
  assert.ok(c.complete, 'the segments cover the test');
  assert.equal(c.startAt, s.startAt);
  // Each waits for --start-at after its VU init: it begins then, or at once if its init ran late.
  for (const { instance: i } of s.results) {
    assert.ok(i.beganAt >= s.startAt, `instance ${i.id} began ${s.startAt - i.beganAt} ms before --start-at`);
    assert.ok(i.beganAt <= Math.max(s.startAt, i.initDoneAt) + 150, `instance ${i.id} began ${i.beganAt - Math.max(s.startAt, i.initDoneAt)} ms after it should have`);
  }
  if (s.results.every((r) => r.instance.initDoneAt <= s.startAt)) assert.ok(c.beganSpreadMs < 150, `instances began ${c.beganSpreadMs} ms apart`);
}

test('shared-iterations split in three: merged = one run (count, indices, checks, percentiles), thresholds on the merged data', async () => {
  const s = await split({ executor: 'shared-iterations', vus: 6, iterations: 60, maxDuration: '20s' }, { iterations: ['count==60'], checks: ['rate==1'] });
  assertSameAsWhole(s, 60);
  // Each instance alone has 20 of the 60 iterations and fails count==60; merged, it passes.
  for (const p of s.parts) assert.equal(p.code, 99, describeRun(p));
  assert.deepEqual(s.merged.failed, []);
  assert.equal(s.merged.data.metrics.iterations.thresholds?.['count==60']?.ok, true);
});

test('constant-arrival-rate split in three: merged = one run (count, indices, percentiles)', async () => {
  // Plenty of VUs (10 per instance for ~13 starts/s each): a cold first request must not drop ticks.
  const s = await split({ executor: 'constant-arrival-rate', rate: 40, timeUnit: '1s', duration: '2s', preAllocatedVUs: 30, gracefulStop: '5s' }, {});
  const dropped = (r: EngineRun) => pointsOf(r, 'dropped_iterations').length;
  assert.deepEqual([s.whole, ...s.parts].map(dropped), [0, 0, 0, 0], 'no iteration dropped (the comparison needs every tick run)');
  assertSameAsWhole(s, 80);
});
