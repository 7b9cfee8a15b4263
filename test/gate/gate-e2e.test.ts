/**
 * The gate end to end, through its CLI and file formats.
 *  - No false positives, deterministically: recorded runs of the same build of a real fastify
 *    target (fixtures/same-build-runs.json, per-repetition figures with this machine's real
 *    run-to-run noise; re-record with record-same-build.ts) are never flagged against each other,
 *    and the same recorded run made twice as slow is.
 *  - True positives, robustly: a real fastify target slowed by 20 ms per inference (several
 *    times its own latency) is caught against a baseline measured beside it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { baselineFromReports } from '../../runner/gate/baseline-file.ts';
import { DEFAULT_GATE_SETTINGS, FAILING, gate } from '../../runner/gate/compare.ts';
import { sentence } from '../../runner/gate/format.ts';
import { extractSeries } from '../../runner/gate/metrics.ts';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { measureRuns, type MeasurePlan } from './measure-run.ts';
import { readSameBuildFixture, recordedReport } from './same-build-fixture.ts';

const CLI = fileURLToPath(new URL('../../bin/servebench.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'servebench-gate-e2e-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Stores a report as <dir>/<run-id>/report.json and returns the run dir. */
function store(report: RunReport): string {
  const runDir = join(dir, report.runId);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'report.json'), JSON.stringify(report, null, 2));
  return runDir;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [CLI, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

/** `baseline update` from `baselineRun`, then `gate` on `run`: exit code, JUnit XML and markdown. */
async function gateCli(name: string, baselineRun: string, run: string) {
  const baseline = join(dir, `${name}-baseline.json`);
  const junit = join(dir, `${name}-junit.xml`);
  const summary = join(dir, `${name}-summary.md`);
  const update = await cli(['baseline', 'update', '--run', baselineRun, '--baseline', baseline]);
  assert.equal(update.code, 0, update.stderr);
  const res = await cli(['gate', '--run', run, '--baseline', baseline, '--junit', junit, '--summary', summary]);
  return { ...res, xml: readFileSync(junit, 'utf8'), markdown: readFileSync(summary, 'utf8') };
}

describe('recorded runs of one build (deterministic)', () => {
  const fixture = readSameBuildFixture();
  const reports = fixture.runs.map((run) => recordedReport(fixture, run));

  it('the fixture holds several real runs with many repetitions each', () => {
    assert.ok(fixture.runs.length >= 4 && fixture.runs.every((r) => r.repetitions.length >= 10), 'enough recorded figures');
    assert.ok(fixture.runs.every((r) => r.repetitions.every((x) => x.p50 > 0 && x.p99 >= x.p50 && x.throughputRps > 0)));
  });

  it('no run is flagged against any other (every ordered pair, every metric)', (t) => {
    for (const [i, base] of reports.entries()) {
      for (const [j, run] of reports.entries()) {
        if (i === j) continue;
        const result = gate(baselineFromReports([base], new Date(0)), extractSeries(run), DEFAULT_GATE_SETTINGS);
        const failing = result.comparisons.filter((c) => FAILING.has(c.verdict));
        t.diagnostic(`${base.runId} -> ${run.runId}: ${result.comparisons.map((c) => `${c.metric} ${c.verdict}`).join(', ')}`);
        assert.deepEqual(failing.map(sentence), [], `${run.runId} against ${base.runId}`);
        assert.ok(result.comparisons.filter((c) => c.metric !== 'cpu' && c.metric !== 'rss').length === 4, 'p50, p95, p99 and throughput were compared');
      }
    }
  });

  it('through the CLI: exit 0 and no JUnit failure; the same run twice as slow: exit 1, p50 named', async () => {
    const [base, same] = [store(reports[0]), store(reports[1])];
    const passed = await gateCli('same', base, same);
    assert.equal(passed.code, 0, passed.stdout + passed.stderr);
    assert.doesNotMatch(passed.xml, /<failure/);

    const slower = recordedReport(fixture, { ...fixture.runs[1], runId: 'same-2-twice-as-slow' }, (x) => ({
      p50: x.p50 * 2, p95: x.p95 * 2, p99: x.p99 * 2, throughputRps: x.throughputRps / 2,
    }));
    const caught = await gateCli('slower', base, store(slower));
    assert.equal(caught.code, 1, caught.stdout + caught.stderr);
    assert.match(caught.xml, /<failure type="regression" message="fastify e2e vus=2 latency p50: /);
    assert.match(caught.markdown, /### Failing[\s\S]*\| fastify \| e2e \| vus=2 \| latency p50 \|/);
  });
});

describe('a real target slowed by 20 ms per inference (robust)', () => {
  const PLAN: MeasurePlan = { target: 'fastify', repetitions: 8, repetitionMs: 300, warmupMs: 600, concurrency: 2 };

  it('is caught against a baseline measured beside it: exit 1, JUnit failure and markdown name p50', async (t) => {
    const [baseline, slowed] = await measureRuns([{ runId: 'real-base', delayMs: 0 }, { runId: 'real-slowed', delayMs: 20 }], PLAN);
    const p50s = [baseline, slowed].map((r) => r.results[0].windows[0].latency.p50);
    t.diagnostic(`p50 ${p50s.map((x) => x.toFixed(1)).join(' ms -> ')} ms`);
    assert.ok(p50s[1] >= 20, `the slowed target's p50 includes the delay: ${p50s[1]} ms`);
    const res = await gateCli('real', store(baseline), store(slowed));
    assert.equal(res.code, 1, res.stdout + res.stderr);
    assert.match(res.xml, /<failure type="regression" message="fastify e2e vus=2 latency p50: /);
    assert.match(res.markdown, /### Failing[\s\S]*\| fastify \| e2e \| vus=2 \| latency p50 \|/);
  });
});
