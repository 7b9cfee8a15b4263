/**
 * ARRIVALS end to end: `servebench run --profiles rate --arrivals poisson|constant` against a
 * real fastify target on the built-in engine. The engine records the iteration starts it
 * achieved (engine-stats.json), and the report judges their gaps per step: Poisson arrivals pass
 * Kolmogorov–Smirnov at alpha 0.01, evenly spaced ones have a CV near 0. The same run reported as
 * if k6 had driven it (settings.json rewritten, engine stats removed: a fake of a k6 run, since
 * k6 is not installed here) says so instead of a table. A bad value stops before any load.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { RunReport, TargetResult } from '../../runner/results/report-schema.ts';
import type { RunPlan } from '../../runner/run/run-settings.ts';
import { ksCriticalEstimatedMean } from '../../scenarios/lib/arrival-fit.ts';
import { scheduleTimes } from '../../scenarios/lib/arrival-schedule.ts';
import { DEFAULT_ARRIVAL_SEED } from '../../scenarios/lib/arrival-times.ts';
import { runCli, tempResults } from './run-helpers.ts';

const RATE = 30;
const STEP = '6s';
const out = tempResults();

async function rateRun(arrivals: string): Promise<{ dir: string; report: RunReport; result: TargetResult }> {
  const runId = `arrivals-${arrivals}`;
  const r = await runCli(['run', '--targets', 'fastify', '--profiles', 'rate', '--rates', String(RATE), '--step-duration', STEP, '--warmup', '0', '--arrivals', arrivals, '--out', out, '--run-id', runId]);
  assert.equal(r.code, 0, `run failed:\n${r.stdout}\n${r.stderr}`);
  const dir = join(out, runId);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
  assert.equal(report.results.length, 1);
  return { dir, report, result: report.results[0] };
}

const droppedIn = (dir: string): number => {
  const summary = JSON.parse(readFileSync(join(dir, 'targets', 'fastify', 'rate', 'summary.json'), 'utf8'));
  return summary.metrics.dropped_iterations?.values.count ?? 0;
};

describe('servebench run --profiles rate --arrivals (built-in engine, real fastify)', () => {
  let poisson: Awaited<ReturnType<typeof rateRun>>;
  let constant: Awaited<ReturnType<typeof rateRun>>;

  before(async () => {
    poisson = await rateRun('poisson');
    constant = await rateRun('constant');
  });

  it('records ARRIVALS with the run: settings.json and the profile settings in plan.json', () => {
    const settings = JSON.parse(readFileSync(join(poisson.dir, 'settings.json'), 'utf8'));
    assert.equal(settings.load.arrivals, 'poisson');
    const plan = JSON.parse(readFileSync(join(poisson.dir, 'plan.json'), 'utf8')) as RunPlan;
    assert.equal(plan.profiles.rate!.settings.arrivals, 'poisson');
    assert.equal(plan.profiles.rate!.plan.scenarios[`rate_${RATE}`].executor, 'ramping-arrival-rate');
    const constantPlan = JSON.parse(readFileSync(join(constant.dir, 'plan.json'), 'utf8')) as RunPlan;
    assert.equal(constantPlan.profiles.rate!.plan.scenarios[`rate_${RATE}`].executor, 'constant-arrival-rate', 'constant: the executor as before');
  });

  it('the engine started the generated schedule: every planned start but the dropped ones', () => {
    const stats = JSON.parse(readFileSync(join(poisson.dir, 'targets', 'fastify', 'rate', 'engine-stats.json'), 'utf8'));
    const recorded = stats.arrivals.scenarios[`rate_${RATE}`];
    const planned = scheduleTimes('poisson', [{ fromRate: RATE, toRate: RATE, durationMs: 6000 }], DEFAULT_ARRIVAL_SEED).length;
    assert.equal(recorded.starts, planned - droppedIn(poisson.dir), `recorded ${recorded.starts} starts, planned ${planned}`);
    assert.equal(recorded.gapMs.length, recorded.starts - 1, 'a short step keeps every gap');
  });

  it('Poisson: the achieved gaps pass Kolmogorov–Smirnov at alpha 0.01, and the report shows the table', () => {
    const [w] = poisson.result.windows;
    const a = w.arrivals;
    assert.ok(a, `no arrivals in ${JSON.stringify(w)}`);
    assert.ok(a.gaps > 150, `${a.gaps} gaps`);
    assert.ok(Math.abs(a.ksCritical - ksCriticalEstimatedMean(a.gaps)) < 1e-9);
    assert.ok(a.ks <= a.ksCritical, `KS D ${a.ks} > critical ${a.ksCritical}`);
    assert.equal(a.poissonLike, true);
    assert.ok(a.cv > 0.8 && a.cv < 1.2, `CV ${a.cv}`);
    const md = readFileSync(join(poisson.dir, 'report.md'), 'utf8');
    assert.match(md, /## Arrivals: the inter-arrival distribution each step achieved/);
    assert.match(md, new RegExp(`^\\| fastify \\| rate \\| rate=${RATE} \\| ${a.gaps} \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| Poisson-like \\|$`, 'm'));
    assert.match(readFileSync(join(poisson.dir, 'report.html'), 'utf8'), /<section id="arrivals">.*Poisson-like/s);
  });

  it('constant: evenly spaced starts, CV near 0, not Poisson-like', () => {
    const a = constant.result.windows[0].arrivals;
    assert.ok(a, 'no arrivals');
    assert.ok(a.cv < 0.3, `CV ${a.cv} (Poisson: 1)`);
    assert.ok(Math.abs(a.meanGapMs - 1000 / RATE) < 0.1 * (1000 / RATE), `mean gap ${a.meanGapMs} ms`);
    assert.equal(a.poissonLike, false);
    assert.match(readFileSync(join(constant.dir, 'report.md'), 'utf8'), /\| rate=30 \| \d+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| not Poisson-like \|/);
  });

  it('load from k6 (faked: the run re-recorded as k6\'s, without engine stats): the report says so instead of a table', async () => {
    const dir = join(out, 'as-if-k6');
    cpSync(poisson.dir, dir, { recursive: true });
    const settingsPath = join(dir, 'settings.json');
    writeFileSync(settingsPath, JSON.stringify({ ...JSON.parse(readFileSync(settingsPath, 'utf8')), loadEngine: 'k6' }));
    rmSync(join(dir, 'targets', 'fastify', 'rate', 'engine-stats.json'));
    const r = await runCli(['report', dir]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
    assert.equal(report.results[0].windows[0].arrivals, undefined);
    assert.match(report.results[0].arrivalsNotMeasured ?? '', /the load came from k6/);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const section = md.slice(md.indexOf('## Arrivals'), md.indexOf('\n## ', md.indexOf('## Arrivals') + 1));
    assert.match(section, /fastify \(rate\): not measured, the load came from k6/);
    assert.doesNotMatch(section, /\| target \| profile \| window \| gaps/, 'no table');
  });

  it('a bad value stops before any load, naming the setting', async () => {
    const r = await runCli(['run', '--targets', 'fastify', '--profiles', 'rate', '--arrivals', 'gaussian', '--out', out, '--run-id', 'bad']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr + r.stdout, /--arrivals must be one of constant, poisson, bursty \(got "gaussian"\)/);
  });
});
