/** Scenario config validation, k6 defaults, durations and the shortcut options. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExecutorConfigError,
  normalizeScenario,
  parseDurationMs,
  resolveScenarios,
} from '../../loadgen/executors/executor-config.ts';

const rejects = (fn: () => unknown, pattern: RegExp): void => {
  assert.throws(fn, (e: unknown) => e instanceof ExecutorConfigError && pattern.test(e.message), `expected ${pattern}`);
};

test('k6 durations in milliseconds', () => {
  assert.equal(parseDurationMs('1m30s', 'd'), 90_000);
  assert.equal(parseDurationMs('500ms', 'd'), 500);
  assert.equal(parseDurationMs('2h', 'd'), 7_200_000);
  assert.equal(parseDurationMs('1.5s', 'd'), 1500);
  assert.equal(parseDurationMs('1d2h', 'd'), 93_600_000);
  assert.equal(parseDurationMs('250us', 'd'), 0.25);
  assert.equal(parseDurationMs('0s', 'd'), 0);
  assert.equal(parseDurationMs('30', 'd'), 30_000, 'a bare numeric string is seconds');
  assert.equal(parseDurationMs(1500, 'd'), 1500, 'a number is milliseconds');
  for (const bad of ['', '1x', 's', '-1s', '1m 30s', '1s1', {}, true, -5, Number.NaN]) {
    rejects(() => parseDurationMs(bad, 'scenario "a": gracefulStop'), /scenario "a": gracefulStop: .* (not a duration|not a valid duration)/);
  }
});

test('defaults of every executor', () => {
  const common = { startTimeMs: 0, gracefulStopMs: 30_000, exec: 'default', env: {}, tags: {}, options: {} };
  assert.deepEqual(normalizeScenario('a', { executor: 'constant-vus', duration: '10s' }), { name: 'a', ...common, executor: 'constant-vus', vus: 1, durationMs: 10_000 });
  assert.deepEqual(normalizeScenario('b', { executor: 'ramping-vus', stages: [{ duration: '5s', target: 3 }] }), {
    name: 'b', ...common, executor: 'ramping-vus', startVUs: 1, stages: [{ durationMs: 5000, target: 3 }], gracefulRampDownMs: 30_000,
  });
  assert.deepEqual(normalizeScenario('c', { executor: 'per-vu-iterations' }), { name: 'c', ...common, executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDurationMs: 600_000 });
  assert.deepEqual(normalizeScenario('d', { executor: 'shared-iterations' }), { name: 'd', ...common, executor: 'shared-iterations', vus: 1, iterations: 1, maxDurationMs: 600_000 });
  assert.deepEqual(normalizeScenario('e', { executor: 'constant-arrival-rate', rate: 10, duration: '1m', preAllocatedVUs: 5 }), {
    name: 'e', ...common, executor: 'constant-arrival-rate', rate: 10, timeUnitMs: 1000, durationMs: 60_000, preAllocatedVUs: 5, maxVUs: 5,
  });
  assert.deepEqual(normalizeScenario('f', { executor: 'ramping-arrival-rate', preAllocatedVUs: 2, stages: [{ duration: '1s', target: 4 }] }), {
    name: 'f', ...common, executor: 'ramping-arrival-rate', startRate: 0, timeUnitMs: 1000, stages: [{ durationMs: 1000, target: 4 }], preAllocatedVUs: 2, maxVUs: 2,
  });
});

test('common options are read and typed', () => {
  const s = normalizeScenario('warm', {
    executor: 'constant-vus', vus: 3, duration: 2000, startTime: '10s', gracefulStop: '5s', exec: 'warmup',
    env: { A: 'x' }, tags: { kind: 'warm' }, options: { browser: { type: 'chromium' } },
  });
  assert.equal(s.startTimeMs, 10_000);
  assert.equal(s.gracefulStopMs, 5000);
  assert.equal(s.exec, 'warmup');
  assert.deepEqual(s.env, { A: 'x' });
  assert.deepEqual(s.tags, { kind: 'warm' });
  assert.deepEqual(s.options, { browser: { type: 'chromium' } });
  assert.equal(s.executor === 'constant-vus' && s.durationMs, 2000);
});

test('unknown executors, missing fields and wrong types are rejected naming scenario and field', () => {
  rejects(() => normalizeScenario('a', { vus: 1 }), /scenario "a": executor is required/);
  rejects(() => normalizeScenario('a', { executor: 'looping-vus' }), /scenario "a": executor "looping-vus" is not a known executor/);
  rejects(() => normalizeScenario('a', { executor: 'externally-controlled' }), /not supported/);
  rejects(() => normalizeScenario('a', 'constant-vus'), /scenario "a" must be an object/);
  rejects(() => normalizeScenario('cv', { executor: 'constant-vus', vus: 2 }), /scenario "cv": duration is required/);
  rejects(() => normalizeScenario('cv', { executor: 'constant-vus', vus: '2', duration: '1s' }), /scenario "cv": vus must be an integer, got "2"/);
  rejects(() => normalizeScenario('cv', { executor: 'constant-vus', vus: 0, duration: '1s' }), /vus must be at least 1, got 0/);
  rejects(() => normalizeScenario('cv', { executor: 'constant-vus', vus: 1.5, duration: '1s' }), /vus must be an integer/);
  rejects(() => normalizeScenario('cv', { executor: 'constant-vus', duration: '0s' }), /duration must be more than 0/);
  rejects(() => normalizeScenario('cv', { executor: 'constant-vus', duration: '1s', iterations: 3 }), /scenario "cv": "iterations" is not an option of the constant-vus executor/);
  rejects(() => normalizeScenario('rv', { executor: 'ramping-vus' }), /scenario "rv": stages is required/);
  rejects(() => normalizeScenario('rv', { executor: 'ramping-vus', stages: [] }), /stages must be a non-empty array/);
  rejects(() => normalizeScenario('rv', { executor: 'ramping-vus', stages: [{ target: 2 }] }), /stages\[0\]\.duration is required/);
  rejects(() => normalizeScenario('rv', { executor: 'ramping-vus', stages: [{ duration: '1s', target: -1 }] }), /stages\[0\]\.target must be non-negative/);
  rejects(() => normalizeScenario('rv', { executor: 'ramping-vus', stages: [{ duration: '1s', target: 1, foo: 1 }] }), /stages\[0\] has unknown field "foo"/);
  rejects(() => normalizeScenario('rv', { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 0 }] }), /target greater than 0 when startVUs is 0/);
  rejects(() => normalizeScenario('si', { executor: 'shared-iterations', vus: 10, iterations: 5 }), /iterations \(5\) can't be less than the number of VUs \(10\)/);
  rejects(() => normalizeScenario('ca', { executor: 'constant-arrival-rate', duration: '1s', preAllocatedVUs: 1 }), /scenario "ca": rate is required/);
  rejects(() => normalizeScenario('ca', { executor: 'constant-arrival-rate', rate: 1, duration: '1s' }), /preAllocatedVUs is required/);
  rejects(() => normalizeScenario('ca', { executor: 'constant-arrival-rate', rate: 1, duration: '1s', preAllocatedVUs: 5, maxVUs: 2 }), /maxVUs \(2\) can't be less than preAllocatedVUs \(5\)/);
  rejects(() => normalizeScenario('ca', { executor: 'constant-arrival-rate', rate: 1, duration: '1s', preAllocatedVUs: 1, timeUnit: '0s' }), /timeUnit must be more than 0/);
  rejects(() => normalizeScenario('ra', { executor: 'ramping-arrival-rate', preAllocatedVUs: 1, stages: [{ duration: '1s', target: 0 }] }), /when startRate is 0/);
  rejects(() => normalizeScenario('x', { executor: 'constant-vus', duration: '1s', env: { A: 1 } }), /scenario "x": env\.A must be a string/);
  rejects(() => normalizeScenario('x', { executor: 'constant-vus', duration: '1s', exec: '' }), /exec must be a non-empty string/);
  rejects(() => normalizeScenario('x', { executor: 'constant-vus', duration: '1s', startTime: '-1s' }), /scenario "x": startTime/);
});

test('null fields take their defaults', () => {
  const s = normalizeScenario('n', { executor: 'per-vu-iterations', vus: null, iterations: 4, gracefulStop: null });
  assert.equal(s.executor === 'per-vu-iterations' && s.vus, 1);
  assert.equal(s.gracefulStopMs, 30_000);
});

test('shortcut: duration (+vus) → constant-vus named default', () => {
  const { default: s, ...rest } = resolveScenarios({ vus: 10, duration: '30s' });
  assert.deepEqual(rest, {});
  assert.equal(s.executor, 'constant-vus');
  assert.equal(s.executor === 'constant-vus' && s.vus, 10);
  assert.equal(s.executor === 'constant-vus' && s.durationMs, 30_000);
  const one = resolveScenarios({ duration: '5s' }).default;
  assert.equal(one.executor === 'constant-vus' && one.vus, 1);
  rejects(() => resolveScenarios({ duration: '0s' }), /not supported/);
});

test('shortcut: iterations (+vus, +duration as maxDuration) → shared-iterations', () => {
  const s = resolveScenarios({ vus: 5, iterations: 10 }).default;
  assert.ok(s.executor === 'shared-iterations');
  assert.deepEqual([s.vus, s.iterations, s.maxDurationMs], [5, 10, 600_000]);
  const d = resolveScenarios({ iterations: 3, duration: '1m' }).default;
  assert.ok(d.executor === 'shared-iterations');
  assert.deepEqual([d.vus, d.iterations, d.maxDurationMs], [1, 3, 60_000]);
});

test('shortcut: stages (+vus as startVUs) → ramping-vus', () => {
  const s = resolveScenarios({ vus: 2, stages: [{ duration: '10s', target: 5 }] }).default;
  assert.ok(s.executor === 'ramping-vus');
  assert.equal(s.startVUs, 2);
  assert.deepEqual(s.stages, [{ durationMs: 10_000, target: 5 }]);
  const d = resolveScenarios({ stages: [{ duration: '1s', target: 5 }] }).default;
  assert.equal(d.executor === 'ramping-vus' && d.startVUs, 1);
});

test('nothing given → 1 iteration for each of vus (default 1) VUs', () => {
  const s = resolveScenarios({}).default;
  assert.ok(s.executor === 'per-vu-iterations');
  assert.deepEqual([s.vus, s.iterations], [1, 1]);
  const v = resolveScenarios({ vus: 4, stages: [] }).default;
  assert.ok(v.executor === 'per-vu-iterations');
  assert.deepEqual([v.vus, v.iterations], [4, 1]);
});

test('shortcuts replace scenarios (with a warning); conflicting shortcuts throw', () => {
  const warnings: string[] = [];
  const scenarios = { a: { executor: 'constant-vus', duration: '1s' } };
  const r = resolveScenarios({ iterations: 2, scenarios }, (w) => warnings.push(w));
  assert.deepEqual(Object.keys(r), ['default']);
  assert.match(warnings.join('\n'), /"iterations" shortcut option replaces options\.scenarios/);
  rejects(() => resolveScenarios({ iterations: 2, stages: [{ duration: '1s', target: 1 }] }), /"iterations" and "stages"/);
  rejects(() => resolveScenarios({ duration: '1s', stages: [{ duration: '1s', target: 1 }] }), /"duration" and "stages"/);
});

test('scenarios are normalised by name; top-level vus is ignored with a warning', () => {
  const warnings: string[] = [];
  const r = resolveScenarios({
    vus: 50,
    scenarios: { a: { executor: 'constant-vus', vus: 2, duration: '1s' }, b: { executor: 'shared-iterations', iterations: 7 } },
  }, (w) => warnings.push(w));
  assert.deepEqual(Object.keys(r), ['a', 'b']);
  assert.equal(r.a.name, 'a');
  assert.equal(r.a.executor === 'constant-vus' && r.a.vus, 2);
  assert.equal(r.b.executor === 'shared-iterations' && r.b.iterations, 7);
  assert.match(warnings.join('\n'), /"vus" option is ignored/);
  rejects(() => resolveScenarios({ scenarios: {} }), /options\.scenarios is empty/);
  rejects(() => resolveScenarios({ scenarios: [] }), /must be an object of named scenarios/);
  rejects(() => resolveScenarios({ scenarios: { bad: { executor: 'nope' } } }), /scenario "bad": executor "nope"/);
});
