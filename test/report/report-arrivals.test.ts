/**
 * The report's arrivals: recorded iteration starts (here the generated schedules themselves, as
 * an engine that started each on time would record them) judged per step, and the table.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArrivalStats } from '../../loadgen/run/arrival-recorder.ts';
import { arrivalTable, hasArrivalResults } from '../../runner/report/arrival-table.ts';
import { withArrivals } from '../../runner/report/report-arrivals.ts';
import type { RunReport, TargetResult, WindowResult } from '../../runner/results/report-schema.ts';
import { arrivalTimes, gapsOf, type ArrivalKind } from '../../scenarios/lib/arrival-times.ts';
import { PROFILES } from '../../scenarios/lib/profiles/registry.ts';

const settings = { ...PROFILES.rate.defaults.short, rates: [20, 50], stepMs: 20_000 };
const plan = PROFILES.rate.plan(settings);
const windows = settings.rates.map((r) => ({ window: `rate=${r}`, label: { name: 'rate', value: r } }) as WindowResult);

/** What the engine records when every start of `kind` lands on time, each step at its planned start. */
function recorded(kind: ArrivalKind): ArrivalStats {
  const scenarios = Object.fromEntries(
    plan.steps.map((step, i) => {
      if (step.schedule.kind !== 'timed') throw new Error('timed steps expected');
      const start = step.schedule.startMs;
      const times = arrivalTimes(kind, settings.rates[i], settings.stepMs, 17 + i).map((t) => start + t);
      return [step.droppedScenario!, { starts: times.length, gaps: times.length - 1, atMs: times.slice(1), gapMs: gapsOf(times) }];
    }),
  );
  return { capacity: 20_000, scenarios };
}

describe('report arrivals', () => {
  it('Poisson starts are Poisson-like in every step, with the step\'s own gaps', () => {
    const { windows: out, notMeasured } = withArrivals(windows, { plan, loadEngine: 'builtin', engineStats: { arrivals: recorded('poisson') } });
    assert.equal(notMeasured, undefined);
    out.forEach((w, i) => {
      const a = w.arrivals!;
      assert.ok(a.poissonLike && a.ks <= a.ksCritical, `${w.window}: ${JSON.stringify(a)}`);
      assert.ok(Math.abs(a.meanGapMs - 1000 / settings.rates[i]) < 0.15 * (1000 / settings.rates[i]), `${w.window}: mean gap ${a.meanGapMs}`);
      assert.ok(Math.abs(a.gaps - settings.rates[i] * 20) < 4 * Math.sqrt(settings.rates[i] * 20), `${w.window}: ${a.gaps} gaps (one step's, not both)`);
    });
  });

  it('constant starts have CV 0 and bursty ones CV above 1: neither Poisson-like', () => {
    const constant = withArrivals(windows, { plan, loadEngine: 'builtin', engineStats: { arrivals: recorded('constant') } }).windows;
    for (const w of constant) assert.ok(w.arrivals!.cv < 1e-6 && !w.arrivals!.poissonLike, JSON.stringify(w.arrivals));
    const bursty = withArrivals(windows, { plan, loadEngine: 'builtin', engineStats: { arrivals: recorded('bursty') } }).windows;
    for (const w of bursty) assert.ok(w.arrivals!.cv > 1.2 && !w.arrivals!.poissonLike, JSON.stringify(w.arrivals));
  });

  it('k6 records no starts: the result says so, and the table carries that instead of rows', () => {
    const { windows: out, notMeasured } = withArrivals(windows, { plan, loadEngine: 'k6', engineStats: undefined });
    assert.ok(out.every((w) => !w.arrivals));
    assert.match(notMeasured ?? '', /the load came from k6/);
    const report = { results: [{ target: 'fastify', profile: 'rate', windows: out, arrivalsNotMeasured: notMeasured } as TargetResult] } as RunReport;
    assert.ok(hasArrivalResults(report));
    const t = arrivalTable(report);
    assert.deepEqual(t.rows, []);
    assert.match(t.note ?? '', /fastify \(rate\): not measured, the load came from k6/);
  });

  it('closed-model profiles get no arrivals and no table', () => {
    const concurrency = PROFILES.concurrency.plan(PROFILES.concurrency.defaults.short);
    const r = withArrivals(windows, { plan: concurrency, loadEngine: 'builtin', engineStats: { arrivals: recorded('poisson') } });
    assert.equal(r.notMeasured, undefined);
    assert.ok(r.windows.every((w) => !w.arrivals));
    assert.equal(hasArrivalResults({ results: [{ windows: r.windows } as TargetResult] } as RunReport), false);
  });
});
