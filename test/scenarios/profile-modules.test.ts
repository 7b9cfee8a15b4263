/**
 * The profile contract: every registered profile hands the scenario exactly the settings the
 * runner resolved (settingsEnv round trip), and its steps drive thresholds and step rows. A
 * fixture profile (one file, fixtures/staircase-profile.ts) goes through every consumer of
 * the step list (thresholds, step rows, progress line, report windows) with no other file changed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, type Config } from '../../scenarios/lib/config.ts';
import { loadSettings, NO_SETTINGS, settingsEnv } from '../../scenarios/lib/load-settings.ts';
import { selectorOf, stepName, stepTagAt } from '../../scenarios/lib/profiles/profile.ts';
import { PROFILE_NAMES, PROFILES } from '../../scenarios/lib/profiles/registry.ts';
import { computeExtras } from '../../scenarios/lib/step-report.ts';
import { buildThresholds } from '../../scenarios/lib/thresholds.ts';
import { readWindows } from '../../runner/report/summary-reader.ts';
import { position } from '../../runner/run/progress-plan.ts';
import { fakeSummary } from '../report/fixtures/k6-summary.ts';
import { staircase } from './fixtures/staircase-profile.ts';

const config = (profile: string): Config => ({ ...parseConfig({ PROFILE: 'smoke' }, { target: 'null', address: 'null' }, 'file:///repo/'), profile: profile as Config['profile'], p99Ms: 500 });

describe('profile modules', () => {
  it('every registered profile: settingsEnv gives the scenario exactly the resolved settings, whatever its own defaults', () => {
    for (const name of PROFILE_NAMES) {
      const { short, full } = PROFILES[name].defaults;
      assert.deepEqual(loadSettings(settingsEnv(short), full), short, `${name}: short settings through env`);
      assert.deepEqual(loadSettings(settingsEnv(full), short), full, `${name}: full settings through env`);
      const tweaked = { ...short, warmupVus: 3, stepMs: 1500 };
      assert.deepEqual(loadSettings(settingsEnv(tweaked), full), tweaked, `${name}: changed settings through env`);
    }
  });

  it('every registered profile: steps have distinct names and selectors, and each has its submetrics kept', () => {
    for (const name of PROFILE_NAMES) {
      const plan = PROFILES[name].plan(PROFILES[name].defaults.short);
      assert.ok(plan.steps.length > 0, name);
      const names = plan.steps.map((s) => stepName(s.label));
      assert.equal(new Set(names).size, names.length, `${name}: ${names.join(' ')}`);
      const thresholds = buildThresholds(config(name), plan);
      for (const step of plan.steps) assert.ok(`http_req_duration${selectorOf(step.tags)}` in thresholds, `${name}: ${stepName(step.label)}`);
      assert.deepEqual(thresholds['checks{phase:measure}'], ['rate>=0.999'], `${name}: a step over the whole window keeps the check gate`);
    }
  });

  it('peak tags requests by the hold running then, `ramp` in between; paper repeats each N', () => {
    const plan = PROFILES.peak.plan({ ...PROFILES.peak.defaults.short, warmupMs: 0, rampMs: 1000, stepMs: 2000, rates: [5, 9] });
    assert.deepEqual([0, 999, 1000, 2999, 3000, 4000, 5999, 6000].map((t) => stepTagAt(plan, t)), ['ramp', 'ramp', '5', '5', 'ramp', '9', '9', 'ramp']);
    assert.equal(plan.p99Gate, false);
    const paper = PROFILES.paper.plan({ ...PROFILES.paper.defaults.short, paperN: [2, 7], paperRepeats: 4 });
    assert.deepEqual(paper.steps.map((s) => [stepName(s.label), s.schedule]), [['n=2', { kind: 'sequential', requests: 2, repetitions: 4 }], ['n=7', { kind: 'sequential', requests: 7, repetitions: 4 }]]);
    const thresholds = buildThresholds(config('paper'), paper);
    assert.ok('paper_batch_seconds{n:7,rep:4}' in thresholds && !('paper_batch_seconds{n:7,rep:5}' in thresholds));
  });

  it('a fixture profile in one file: thresholds, step rows, progress and report windows all follow its steps', () => {
    const settings = loadSettings({ LEVELS: '3,5', STEP_DURATION: '4s' }, staircase.defaults.full);
    assert.deepEqual({ ...settings }, { ...NO_SETTINGS, stepMs: 4000, levels: [3, 5] });
    const plan = staircase.plan(settings);
    assert.deepEqual(Object.keys(plan.scenarios), ['stair_1', 'stair_2']);

    const thresholds = buildThresholds(config('staircase'), plan);
    for (const key of ['http_req_duration{stair:1}', 'checks{stair:2}', 'request_failed{stair:2}', 'server_infer{stair:1}']) assert.deepEqual(thresholds[key], [], key);
    assert.deepEqual(thresholds['http_req_duration{phase:measure}'], ['p(99)<500']);

    const summary = fakeSummary(plan.steps, [{ requests: 40, avgMs: 3, inferMs: 1 }, { requests: 0, avgMs: 0 }]);
    const extras = computeExtras(summary, config('staircase'), staircase, plan);
    assert.deepEqual(extras.steps?.map((r) => [r.step, r.requests, r.throughput, r.inferMs]), [['stair=1', 40, 10, 1], ['stair=2', 0, 0, undefined]]);

    assert.deepEqual([0, 3999, 4000, 7999, 8000].map((t) => position(plan, t, undefined).step), ['stair=1', 'stair=1', 'stair=2', 'stair=2', 'done']);
    assert.equal(position(plan, 2000, undefined).remainingS, 6);

    const windows = readWindows(summary, plan.steps, 'rest');
    assert.deepEqual(windows.map((w) => [w.window, w.label, w.requests, w.throughputRps]), [['stair=1', { name: 'stair', value: 1 }, 40, 10]], 'a step without requests is no window');
  });
});
