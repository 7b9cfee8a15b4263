/**
 * One table says which way a metric gets worse: `servebench compare` and the gate read it, so
 * they call the same change worse; the gate's flags use the shared whole-number check.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRows } from '../../runner/compare/compare-reports.ts';
import { wholeNumber } from '../../runner/gate/cli-edge.ts';
import { compareSeries, DEFAULT_GATE_SETTINGS } from '../../runner/gate/compare.ts';
import { GateInputError } from '../../runner/gate/gate-errors.ts';
import { METRICS } from '../../runner/gate/metrics.ts';
import { relativeWorsening, WORSE_WHEN } from '../../runner/results/metric-direction.ts';
import { around, reportOf, targetOf, windowOf } from './report-fixture.ts';

test('the direction table: latency, time, errors, CPU and memory get worse going up, throughput going down', () => {
  assert.deepEqual(WORSE_WHEN, { latency: 'up', time: 'up', errors: 'up', cpu: 'up', memory: 'up', throughput: 'down' });
  assert.ok(relativeWorsening('latency', 1.25) > 0.2499 && relativeWorsening('latency', 0.8) < 0);
  assert.ok(relativeWorsening('throughput', 0.75) > 0.2499 && relativeWorsening('throughput', 1.2) < 0);
  for (const m of METRICS) assert.ok(m.quantity in WORSE_WHEN, `${m.id} measures a quantity of the table`);
});

test('compare and the gate call the same change worse', () => {
  const base = windowOf('vus=8', { p50: around(10, 0.01), throughputRps: around(500, 0.01) });
  const slower = windowOf('vus=8', { p50: around(13, 0.01), throughputRps: around(380, 0.01) });
  const rows = compareRows(reportOf('a', [targetOf('fastify', [base])]), reportOf('b', [targetOf('fastify', [slower], { resources: { cpuPercentMean: 100, cpuPercentMax: 120, rssMbMean: 300, rssMbMax: 310, samples: 20 } })]));
  const change = (metric: string) => rows.find((r) => r[3] === metric)?.[6] ?? '';
  assert.match(change('p50 ms'), /worse$/);
  assert.match(change('req/s'), /worse$/);
  assert.match(change('CPU % mean'), /better$/, 'less CPU is better');
  assert.match(change('RSS MB mean'), /worse$/, 'more memory is worse');
  const series = (metric: 'p50' | 'throughput', w: typeof base) => ({ target: 'fastify', profile: 'concurrency', window: w.window, metric, values: w.repetitions!.map((r) => (metric === 'p50' ? r.p50 : r.throughputRps)) });
  assert.equal(compareSeries(series('p50', base), series('p50', slower), DEFAULT_GATE_SETTINGS).verdict, 'regression');
  assert.equal(compareSeries(series('throughput', base), series('throughput', slower), DEFAULT_GATE_SETTINGS).verdict, 'regression');
  assert.equal(compareSeries(series('throughput', slower), series('throughput', base), DEFAULT_GATE_SETTINGS).verdict, 'improvement');
});

test('the gate checks whole numbers with the shared check and fails as an input error', () => {
  assert.equal(wholeNumber('--seed', '7', 0), 7);
  assert.throws(() => wholeNumber('--resamples', '99', 100), (err: unknown) => err instanceof GateInputError && /--resamples must be a whole number from 100/.test(err.message));
  assert.throws(() => wholeNumber('--seed', '1.5', 0), GateInputError);
});
