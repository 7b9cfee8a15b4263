/** The gate's decision rule: min effect AND outside noise, direction-aware, never failing on improvements. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baselineFromReports } from '../../runner/gate/baseline-file.ts';
import { compareSeries, DEFAULT_GATE_SETTINGS as S, gate } from '../../runner/gate/compare.ts';
import { extractSeries, mergeRuns, WHOLE_RUN, type MetricId, type MetricSeries } from '../../runner/gate/metrics.ts';
import { around, reportOf, targetOf, windowOf } from './report-fixture.ts';

const series = (metric: MetricId, values: number[]): MetricSeries => ({ target: 'fastify', profile: 'concurrency', window: 'vus=8', metric, values });
const verdict = (metric: MetricId, base: number[], cur: number[], settings = S) => compareSeries(series(metric, base), series(metric, cur), settings).verdict;

test('a 20% latency regression with tight noise is caught', () => {
  assert.equal(verdict('p50', around(10, 0.01), around(12, 0.01)), 'regression');
  assert.equal(verdict('p99', around(30, 0.02), around(36, 0.02)), 'regression');
});

test('a 20% change inside huge run-to-run noise is not', () => {
  const base = [5, 15, 8, 20, 10];
  const c = compareSeries(series('p50', base), series('p50', base.map((x) => x * 1.2)), S);
  assert.equal(c.verdict, 'noisy');
  assert.ok(c.ci && c.ci.low < 1 && c.ci.high > 1.2);
});

test('a 5% change below the minimum effect is not, however tight the noise', () => {
  const c = compareSeries(series('p50', around(10, 0.001)), series('p50', around(10.5, 0.001)), S);
  assert.equal(c.verdict, 'small');
  assert.ok(c.ci && c.ci.low > 1, 'the change itself is real');
  assert.equal(verdict('p50', around(10, 0.001), around(10.5, 0.001), { ...S, minEffect: 0.03 }), 'regression', 'min effect is configurable');
});

test('direction-aware: throughput down is worse, latency down is better; improvements never fail', () => {
  assert.equal(verdict('throughput', around(500, 0.01), around(400, 0.01)), 'regression');
  assert.equal(verdict('throughput', around(500, 0.01), around(600, 0.01)), 'improvement');
  assert.equal(verdict('p95', around(10, 0.01), around(8, 0.01)), 'improvement');
  assert.equal(verdict('rss', around(200, 0.01), around(260, 0.01)), 'regression');
  assert.equal(verdict('cpu', around(150, 0.01), around(100, 0.01)), 'improvement');
});

test('one value per side is reported but not gated', () => {
  const c = compareSeries(series('cpu', [100]), series('cpu', [200]), S);
  assert.equal(c.verdict, 'no-noise-estimate');
  assert.equal(c.ratio, 2);
});

test('a run against its baseline: regressions fail, new and missing series are reported, failed targets fail', () => {
  const base = baselineFromReports([
    reportOf('base', [
      targetOf('fastify', [windowOf('vus=1', { p50: around(3, 0.01) }), windowOf('vus=8', { p50: around(10, 0.01) })]),
      targetOf('express', [windowOf('vus=8', { p50: around(12, 0.01) })]),
    ]),
  ], new Date(0));
  const same = gate(base, extractSeries(reportOf('same', [
    targetOf('fastify', [windowOf('vus=1', { p50: around(3, 0.012) }), windowOf('vus=8', { p50: around(10, 0.012) })]),
    targetOf('express', [windowOf('vus=8', { p50: around(12, 0.012) })]),
  ])), S);
  assert.equal(same.failed, false);
  assert.ok(same.comparisons.every((c) => c.verdict === 'small' || c.verdict === 'no-noise-estimate'), JSON.stringify(same.comparisons.map((c) => c.verdict)));

  const slower = gate(base, extractSeries(reportOf('slow', [
    targetOf('fastify', [windowOf('vus=1', { p50: around(3, 0.01) }), windowOf('vus=8', { p50: around(13, 0.01) }), windowOf('vus=16', { p50: around(20, 0.01) })]),
    targetOf('express', [], { status: 'failed', failure: { reason: 'exited with code 1', logTail: '' } }),
  ])), S);
  assert.equal(slower.failed, true);
  const find = (target: string, window: string, metric: MetricId) => slower.comparisons.find((c) => c.target === target && c.window === window && c.metric === metric);
  assert.equal(find('fastify', 'vus=8', 'p50')?.verdict, 'regression');
  assert.equal(find('fastify', 'vus=8', 'throughput')?.verdict, 'regression');
  assert.equal(find('fastify', 'vus=1', 'p50')?.verdict, 'small');
  assert.equal(find('fastify', 'vus=16', 'p50')?.verdict, 'new');
  assert.equal(find('express', 'vus=8', 'p50')?.verdict, 'target-failed');
  assert.equal(find('express', 'vus=8', 'p50')?.detail, 'exited with code 1');
});

test('series missing from the run are "not measured", which does not fail', () => {
  const base = baselineFromReports([reportOf('b', [targetOf('fastify', [windowOf('vus=8', { p50: around(10, 0.01) })]), targetOf('null', [windowOf('vus=8', { p50: around(1, 0.01) })])])], new Date(0));
  const result = gate(base, extractSeries(reportOf('c', [targetOf('fastify', [windowOf('vus=8', { p50: around(10, 0.01) })])])), S);
  assert.equal(result.failed, false);
  assert.ok(result.comparisons.filter((c) => c.target === 'null').every((c) => c.verdict === 'not-measured'));
});

test('separate runs pool as repetitions, so one-value-per-run metrics (CPU, RSS) get gated too', () => {
  const run = (id: string, p50: number, rss: number) =>
    reportOf(id, [targetOf('fastify', [{ ...windowOf('vus=8', { p50: [p50] }), repetitions: undefined }], { resources: { cpuPercentMean: 150, cpuPercentMax: 190, rssMbMean: rss, rssMbMax: rss, samples: 20 } })]);
  const base = baselineFromReports([run('b1', 10, 200), run('b2', 10.1, 202), run('b3', 9.9, 199)], new Date(0));
  assert.deepEqual(base.entries.find((e) => e.metric === 'rss')?.values, [200, 202, 199]);
  const leak = mergeRuns([run('c1', 10, 260), run('c2', 10.05, 262), run('c3', 9.95, 259)].map(extractSeries));
  const result = gate(base, leak, S);
  const rss = result.comparisons.find((c) => c.metric === 'rss');
  assert.equal(rss?.window, WHOLE_RUN);
  assert.equal(rss?.verdict, 'regression');
  assert.equal(result.comparisons.find((c) => c.metric === 'p50')?.verdict, 'small');
  assert.equal(result.failed, true);
});

test('a big change whose interval reaches within half the min effect of "no change" is noise, not a regression', () => {
  // The shape of a same-build false positive seen on this machine: median +42% on p99, but half
  // the current repetitions sit at the baseline, so the interval starts at only +3%.
  const base = series('p99', [100, 100, 101, 99, 100, 100, 102, 98]);
  const cur = series('p99', [103, 104, 140, 145, 150, 103, 150, 148]);
  const c = compareSeries(base, cur, S);
  assert.ok(c.ci!.low > 1 && c.ci!.low < 1 + S.minEffect / 2, `interval ${JSON.stringify(c.ci)} should start between +0% and +5%`);
  assert.equal(c.verdict, 'noisy');
  // The same median shift with every repetition moved is a regression.
  assert.equal(compareSeries(base, series('p99', [140, 141, 142, 143, 144, 145, 146, 142]), S).verdict, 'regression');
});
