import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeScenario } from '../../loadgen/executors/executor-config.ts';
import { planScenario, type ArrivalRatePlan } from '../../loadgen/executors/executor-plans.ts';
import { SegmentedExecution } from '../../loadgen/segments/execution-segment.ts';
import { coefficientOfVariation, ksCritical, ksDistanceExponential } from '../../scenarios/lib/arrival-fit.ts';
import { arrivalStages, TIME_UNIT } from '../../scenarios/lib/arrival-stages.ts';
import { arrivalTimes, DEFAULT_ARRIVAL_SEED, gapsOf } from '../../scenarios/lib/arrival-times.ts';

const RATE = 100;
const DURATION_MS = 60_000;

describe('arrival processes', () => {
  it('Poisson: the gaps fit an exponential of mean 1/rate (Kolmogorov–Smirnov, alpha 0.01) at the fixed seed', () => {
    const times = arrivalTimes('poisson', RATE, DURATION_MS, DEFAULT_ARRIVAL_SEED);
    const gaps = gapsOf(times);
    assert.ok(gaps.length > 5_500 && gaps.length < 6_500, `${gaps.length} gaps in 60 s at 100/s`);
    const d = ksDistanceExponential(gaps, 1000 / RATE);
    assert.ok(d < ksCritical(gaps.length), `KS D = ${d} >= ${ksCritical(gaps.length)}`);
    const cv = coefficientOfVariation(gaps);
    assert.ok(cv > 0.95 && cv < 1.05, `CV ${cv} (exponential: 1)`);
    assert.deepEqual(arrivalTimes('poisson', RATE, DURATION_MS, DEFAULT_ARRIVAL_SEED), times, 'same seed, same schedule');
    assert.notDeepEqual(arrivalTimes('poisson', RATE, DURATION_MS, DEFAULT_ARRIVAL_SEED + 1).slice(0, 10), times.slice(0, 10));
  });

  it('the check has power: evenly spaced and bursty gaps are rejected as exponential', () => {
    for (const kind of ['constant', 'bursty'] as const) {
      const gaps = gapsOf(arrivalTimes(kind, RATE, DURATION_MS, DEFAULT_ARRIVAL_SEED));
      const d = ksDistanceExponential(gaps, 1000 / RATE);
      assert.ok(d > ksCritical(gaps.length), `${kind}: KS D = ${d} should exceed ${ksCritical(gaps.length)}`);
    }
    // Poisson gaps judged against the wrong mean are rejected too.
    const poisson = gapsOf(arrivalTimes('poisson', RATE, DURATION_MS, DEFAULT_ARRIVAL_SEED));
    assert.ok(ksDistanceExponential(poisson, 1000 / (RATE * 1.2)) > ksCritical(poisson.length));
  });

  it('bursty: the mean rate is kept, the gaps vary far more than Poisson', () => {
    const times = arrivalTimes('bursty', RATE, 300_000, DEFAULT_ARRIVAL_SEED);
    const achieved = times.length / 300;
    assert.ok(achieved > 0.85 * RATE && achieved < 1.15 * RATE, `mean rate ${achieved}/s`);
    const cv = coefficientOfVariation(gapsOf(times));
    assert.ok(cv > 1.3, `CV ${cv} (Poisson: 1)`);
  });

  it('ramping-arrival-rate stages make the engine start iterations at the generated times', () => {
    for (const kind of ['poisson', 'bursty', 'constant'] as const) {
      const times = arrivalTimes(kind, 50, 10_000, DEFAULT_ARRIVAL_SEED);
      const stages = arrivalStages(times, 10_000);
      const scenario = normalizeScenario('s', { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: TIME_UNIT, preAllocatedVUs: 1, stages });
      const plan = planScenario(scenario, SegmentedExecution.full()) as ArrivalRatePlan;
      const ticks = [...plan.ticks()].map((t) => t.atMs).filter((t) => t < 10_000);
      assert.equal(ticks.length, times.length, `${kind}: one tick per generated start`);
      const worst = Math.max(...ticks.map((t, i) => Math.abs(t - times[i])));
      assert.ok(worst < 0.01, `${kind}: ticks within 10 µs of the schedule (worst ${worst} ms)`);
    }
  });
});
