/**
 * ARRIVALS in the rate and peak profiles: the setting (env and --arrivals, refused with a message
 * naming it), constant plans as before, generated schedules the engine's own planner runs
 * (peak's ramps thinned), and the estimated-mean KS critical values the report uses.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeScenario } from '../../loadgen/executors/executor-config.ts';
import { planScenario, type ArrivalRatePlan } from '../../loadgen/executors/executor-plans.ts';
import { SegmentedExecution } from '../../loadgen/segments/execution-segment.ts';
import { parseRunArgs } from '../../runner/run/run-options.ts';
import { planRun } from '../../runner/run/run-settings.ts';
import { ksCriticalEstimatedMean, ksDistanceExponential } from '../../scenarios/lib/arrival-fit.ts';
import { scheduleTimes } from '../../scenarios/lib/arrival-schedule.ts';
import { DEFAULT_ARRIVAL_SEED, exponential, gapsOf } from '../../scenarios/lib/arrival-times.ts';
import { loadSettings, settingsEnv } from '../../scenarios/lib/load-settings.ts';
import { PROFILES } from '../../scenarios/lib/profiles/registry.ts';
import type { Scenario } from 'k6/options';
import { mulberry32 } from '../../servers/data/prng.ts';

/** The engine's own planner: every tick of a scenario, in ms from its start. */
function engineTicks(name: string, scenario: Scenario): number[] {
  const plan = planScenario(normalizeScenario(name, scenario), SegmentedExecution.full()) as ArrivalRatePlan;
  return [...plan.ticks()].map((t) => t.atMs).filter((t) => t < plan.durationMs);
}

describe('ARRIVALS setting', () => {
  it('rate and peak default to constant; ARRIVALS=poisson|bursty is read and written back by settingsEnv', () => {
    for (const p of [PROFILES.rate, PROFILES.peak]) {
      assert.equal(p.defaults.short.arrivals, 'constant');
      assert.equal(p.defaults.full.arrivals, 'constant');
      assert.equal(loadSettings({}, p.defaults.short).arrivals, 'constant');
      const poisson = loadSettings({ ARRIVALS: 'poisson' }, p.defaults.short);
      assert.equal(poisson.arrivals, 'poisson');
      assert.equal(settingsEnv(poisson).ARRIVALS, 'poisson');
      assert.deepEqual(loadSettings(settingsEnv(poisson), PROFILES.smoke.defaults.short), poisson, 'round trip over other defaults');
    }
    assert.equal(loadSettings({}, PROFILES.concurrency.defaults.short).arrivals, undefined, 'closed-model profiles have none');
  });

  it('a bad value is refused, naming the setting (env) or the flag (run)', () => {
    assert.throws(() => loadSettings({ ARRIVALS: 'gaussian' }, PROFILES.rate.defaults.short), /servebench config: ARRIVALS=gaussian is not one of constant, poisson, bursty/);
    assert.throws(() => parseRunArgs(['--targets', 'null', '--arrivals', 'gaussian']), /--arrivals must be one of constant, poisson, bursty \(got "gaussian"\)/);
    const s = parseRunArgs(['--targets', 'null', '--profiles', 'rate,peak', '--arrivals', 'bursty']);
    assert.deepEqual(s.load, { arrivals: 'bursty' });
    const plan = planRun(s);
    assert.equal(plan.profiles.rate!.settings.arrivals, 'bursty');
    assert.equal(plan.profiles.peak!.plan.scenarios.peak.executor, 'ramping-arrival-rate');
  });

  it('constant plans are the executors as before: constant-arrival-rate steps, peak ramping at 1/s units', () => {
    const rate = PROFILES.rate.plan(PROFILES.rate.defaults.short);
    for (const r of PROFILES.rate.defaults.short.rates) assert.deepEqual({ ...rate.scenarios[`rate_${r}`], tags: undefined }, {
      executor: 'constant-arrival-rate', exec: 'default', rate: r, timeUnit: '1s', duration: '10000ms', preAllocatedVUs: 10, maxVUs: 50, startTime: rate.scenarios[`rate_${r}`].startTime, gracefulStop: '2000ms', tags: undefined,
    });
    const peak = PROFILES.peak.plan(PROFILES.peak.defaults.short).scenarios.peak as Scenario & { stages: { target: number; duration: string }[]; timeUnit: string };
    assert.equal(peak.timeUnit, '1s');
    assert.deepEqual(peak.stages.slice(0, 4), [{ target: 10, duration: '2000ms' }, { target: 10, duration: '10000ms' }, { target: 20, duration: '2000ms' }, { target: 20, duration: '10000ms' }]);
  });
});

describe('generated schedules in the profiles', () => {
  it('rate, ARRIVALS=poisson: each step runs its own schedule (seed + step), Poisson at the step rate, on the engine planner', () => {
    const settings = { ...PROFILES.rate.defaults.short, rates: [20, 40], stepMs: 20_000, arrivals: 'poisson' as const };
    const plan = PROFILES.rate.plan(settings);
    settings.rates.forEach((r, i) => {
      const ticks = engineTicks(`rate_${r}`, plan.scenarios[`rate_${r}`]);
      const times = scheduleTimes('poisson', [{ fromRate: r, toRate: r, durationMs: 20_000 }], DEFAULT_ARRIVAL_SEED + i);
      assert.equal(ticks.length, times.length);
      assert.ok(Math.max(...ticks.map((t, k) => Math.abs(t - times[k]))) < 0.01, 'ticks within 10 µs of the schedule');
      const gaps = gapsOf(ticks);
      assert.ok(ksDistanceExponential(gaps, 1000 / r) < 1.628 / Math.sqrt(gaps.length), `rate ${r}: Poisson at the asked rate`);
    });
  });

  it('peak, ARRIVALS=poisson: ramps and holds as one schedule; each hold at its rate, each ramp its mean rate', () => {
    const settings = { ...PROFILES.peak.defaults.short, rates: [20, 60], rampMs: 10_000, stepMs: 20_000, warmupMs: 0, arrivals: 'poisson' as const };
    const plan = PROFILES.peak.plan(settings);
    const ticks = engineTicks('peak', plan.scenarios.peak);
    const within = (from: number, to: number) => ticks.filter((t) => t >= from && t < to);
    // ramp 0->20 (10 s), hold 20 (20 s), ramp 20->60 (10 s), hold 60 (20 s): expected 100, 400, 400, 1200 starts.
    const counts = [within(0, 10_000), within(10_000, 30_000), within(30_000, 40_000), within(40_000, 60_000)].map((w) => w.length);
    [100, 400, 400, 1200].forEach((expected, i) => assert.ok(Math.abs(counts[i] - expected) < 4 * Math.sqrt(expected), `segment ${i}: ${counts[i]} starts, expected ~${expected}`));
    // The ramp's starts grow with its rate: 20->60 has more in its second half (expected 225 vs 175).
    assert.ok(within(35_000, 40_000).length > within(30_000, 35_000).length);
    for (const [from, to, r] of [[10_000, 30_000, 20], [40_000, 60_000, 60]] as const) {
      const gaps = gapsOf(within(from, to));
      assert.ok(ksDistanceExponential(gaps, 1000 / r) < 1.628 / Math.sqrt(gaps.length), `hold at ${r}/s is Poisson at that rate`);
    }
  });
});

describe('KS critical values with the mean estimated from the gaps (Stephens)', () => {
  it('match the 99th and 95th percentiles of D over simulated exponential samples at a fixed seed', () => {
    const random = mulberry32(DEFAULT_ARRIVAL_SEED);
    for (const n of [30, 200]) {
      const ds: number[] = [];
      for (let k = 0; k < 3000; k++) {
        const g = Array.from({ length: n }, () => exponential(random, 7));
        ds.push(ksDistanceExponential(g, g.reduce((a, b) => a + b, 0) / n));
      }
      ds.sort((a, b) => a - b);
      for (const alpha of [0.01, 0.05] as const) {
        const simulated = ds[Math.floor((1 - alpha) * ds.length)];
        const critical = ksCriticalEstimatedMean(n, alpha);
        assert.ok(Math.abs(simulated - critical) / critical < 0.06, `n ${n}, alpha ${alpha}: simulated ${simulated}, Stephens ${critical}`);
      }
      // The fixed-mean value would be far too lenient for an estimated mean.
      assert.ok(1.628 / Math.sqrt(n) > 1.15 * ksCriticalEstimatedMean(n, 0.01));
    }
  });
});
