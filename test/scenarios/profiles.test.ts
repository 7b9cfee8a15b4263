/**
 * Every load profile runs for real (short settings) against the null target and leaves what
 * the runner needs in the JSON summary: per-N seconds (paper), per-step rows (concurrency,
 * rate, peak), peak's sustained rate, and the warm-up kept out of the measured window.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startUnderTest, type TargetUnderTest } from '../helpers/targets.ts';
import { describeRun, distEntry, ensureBundle, EXIT, QUICK_ENV, runScenario } from './helpers/run-scenario.ts';

describe('load profiles (null target)', () => {
  let target: TargetUnderTest;
  before(async () => {
    await ensureBundle();
    target = await startUnderTest('null');
  });
  after(() => target.close());

  const run = (env: Record<string, string>) => runScenario(distEntry('null-rest'), { ...QUICK_ENV, BASE_URL: target.url, RUN_ID: 'profiles-test', ...env });

  it('paper: N sequential requests, R times each, timed per N and rep', async () => {
    const r = await run({ PROFILE: 'paper', PAPER_N: '1,5', PAPER_REPEATS: '2', WARMUP_REQUESTS: '3' });
    assert.equal(r.code, EXIT.ok, describeRun(r));
    const s = r.summary!;
    assert.equal(s.metrics['paper_batch_seconds{n:5}'].values.count, 2);
    assert.ok(s.metrics['paper_batch_seconds{n:5,rep:2}'].values.avg > 0);
    assert.equal(s.metrics['http_req_duration{n:5}'].values.count, 10);
    assert.equal(s.metrics['http_req_duration{n:1}'].values.count, 2);
    assert.equal(s.metrics['http_req_duration{phase:measure}'].values.count, 12, 'warm-up requests are not measured');
    const paper = s.servebench.paper as { n: number; meanSeconds: number; repetitions: number[] }[];
    assert.deepEqual(paper.map((p) => [p.n, p.repetitions.length]), [[1, 2], [5, 2]]);
    assert.ok(paper.every((p) => p.meanSeconds > 0));
    assert.match(r.stdout, /paper protocol: seconds for N sequential requests/);
  });

  it('concurrency: constant VUs per level, one level after another, warm-up excluded', async () => {
    const r = await run({ PROFILE: 'concurrency', LEVELS: '1,2', STEP_DURATION: '1s', STEP_GRACE: '200ms', WARMUP: '1s' });
    assert.equal(r.code, EXIT.ok, describeRun(r));
    const s = r.summary!;
    const steps = s.servebench.steps as { step: string; requests: number; throughput: number }[];
    assert.deepEqual(steps.map((x) => x.step), ['vus=1', 'vus=2']);
    assert.ok(steps.every((x) => x.requests > 0 && x.throughput > 0));
    const measured = s.metrics['http_req_duration{phase:measure}'].values.count;
    assert.ok(measured < s.metrics.http_req_duration.values.count, 'warm-up samples exist but are not in phase:measure');
    assert.equal(measured, steps[0].requests + steps[1].requests);
  });

  it('rate: open-model arrival-rate steps, dropped iterations reported per step', async () => {
    const r = await run({ PROFILE: 'rate', RATES: '20,40', STEP_DURATION: '1s', STEP_GRACE: '200ms' });
    assert.equal(r.code, EXIT.ok, describeRun(r));
    const steps = r.summary!.servebench.steps as { step: string; requests: number; dropped: number }[];
    assert.deepEqual(steps.map((x) => x.step), ['rate=20', 'rate=40']);
    assert.ok(steps[1].requests > steps[0].requests, JSON.stringify(steps));
    assert.ok(steps.every((x) => typeof x.dropped === 'number'));
  });

  it('peak: ramping arrival rate; the highest rate holding the p99 budget is computed', async () => {
    const r = await run({ PROFILE: 'peak', RATES: '10,20', STEP_DURATION: '1s', RAMP: '300ms', P99_MS: '1000' });
    assert.equal(r.code, EXIT.ok, describeRun(r));
    const peak = r.summary!.servebench.peak as { sustainedRate: number | null; holds: { rate: number; ok: boolean }[] };
    assert.deepEqual(peak.holds.map((h) => h.rate), [10, 20]);
    assert.equal(peak.sustainedRate, 20, JSON.stringify(peak));
    assert.match(r.stdout, /peak: highest rate holding p99 <= 1000 ms: 20 req\/s/);
  });

  it('peak: an impossible budget sustains no rate (and p99 is not a gate in peak)', async () => {
    const r = await run({ PROFILE: 'peak', RATES: '10', STEP_DURATION: '1s', RAMP: '200ms', P99_MS: '0.001' });
    assert.equal(r.code, EXIT.ok, describeRun(r));
    assert.equal(r.summary!.servebench.peak.sustainedRate, null);
  });

  it('a p99 gate set by env fails the run when crossed', async () => {
    const r = await run({ P99_MS: '0.001', DURATION: '1s' });
    assert.equal(r.code, EXIT.thresholdsFailed, describeRun(r));
    assert.equal(r.summary!.metrics['http_req_duration{phase:measure}'].thresholds?.['p(99)<0.001'].ok, false);
  });

  it('tags every sample with target, profile and run_id, and logs the settings', async () => {
    const r = await run({ DURATION: '1s', TARGET: 'null-baseline' });
    assert.equal(r.code, EXIT.ok, describeRun(r));
    const config = r.summary!.servebench.config;
    assert.equal(config.target, 'null-baseline');
    assert.equal(config.runId, 'profiles-test');
    assert.equal(config.expect, 'shape');
    assert.match(r.stdout, /target=null-baseline {2}profile=smoke {2}run_id=profiles-test/);
  });
});
