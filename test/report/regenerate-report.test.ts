/**
 * A run records what it used: plan.json holds each profile's resolved settings and steps, and
 * `servebench report` reads them back. Regenerating a real run's report after the profile's
 * defaults changed gives byte-identical files (the old code recomputed hold times from today's
 * defaults, so its throughput would change).
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROFILES } from '../../scenarios/lib/profiles/registry.ts';
import { readJson, runStore } from '../../runner/results/run-store.ts';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { writeReports } from '../../runner/report/write-reports.ts';
import { planRun, type RunPlan, type RunSettings } from '../../runner/run/run-settings.ts';
import { runCli, tempResults, type CliResult } from '../runner/run-helpers.ts';

const FILES = ['report.json', 'report.md', 'report.html', 'summary.md'];

describe('a regenerated report uses the run’s recorded plan', () => {
  const out = tempResults();
  const runDir = join(out, 'regen');
  let run: CliResult;
  before(async () => {
    // rate's arrival rates are its defaults (no --rates): the report must not take them from today's.
    run = await runCli(['run', '--targets', 'null', '--profiles', 'rate', '--step-duration', '1s', '--warmup', '0s', '--out', out, '--run-id', 'regen']);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('plan.json holds the settings and steps the scenario ran', () => {
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const plan = readJson<RunPlan>(runStore(runDir).plan)!;
    const rate = plan.profiles.rate!;
    assert.deepEqual(rate.settings, { ...PROFILES.rate.defaults.short, stepMs: 1000, warmupMs: 0 });
    assert.deepEqual(rate.plan.steps.map((s) => s.label.value), PROFILES.rate.defaults.short.rates);
    const summary = readJson<{ servebench: { plan: unknown } }>(runStore(runDir).summary('null', 'rate'))!;
    assert.deepEqual(summary.servebench.plan, rate.plan, 'the scenario planned exactly what the runner recorded');
    const report = readJson<RunReport>(join(runDir, 'report.json'))!;
    assert.deepEqual(report.settings.loadSettings, { rate: rate.settings });
    assert.deepEqual(report.results[0].windows.map((w) => w.window), rate.plan.steps.map((s) => `rate=${s.label.value}`));
  });

  it('changing a profile default leaves a regenerated report byte-identical', async () => {
    const before = FILES.map((f) => readFileSync(join(runDir, f), 'utf8'));
    const report = JSON.parse(before[0]) as RunReport;
    const w = report.results[0].windows[0];
    assert.equal(w.throughputRps, w.requests / 1, 'throughput over the recorded 1 s hold');

    const defaults = PROFILES.rate.defaults.short;
    const saved = { ...defaults };
    Object.assign(defaults, { rates: [7, 11], stepMs: 7000, graceMs: 9000 });
    try {
      const settings = readJson<RunSettings>(runStore(runDir).settings)!;
      assert.notDeepEqual(planRun(settings), readJson<RunPlan>(runStore(runDir).plan), 'the change matters: today’s defaults would plan differently');
      await writeReports(runDir);
      FILES.forEach((f, i) => assert.equal(readFileSync(join(runDir, f), 'utf8'), before[i], `${f} changed`));
    } finally {
      Object.assign(defaults, saved);
    }
  });
});
