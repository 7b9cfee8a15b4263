/**
 * peak: one ramping arrival rate that ramps to each rate and holds it; the report gives the
 * highest rate that it and every lower step held within the p99 budget (P99_MS, not a gate here).
 * ARRIVALS=poisson / bursty: the same ramps and holds as a generated schedule (arrival-schedule.ts).
 */
import type { Scenario } from 'k6/options';
import { scheduledArrivals, type RateSegment } from '../arrival-schedule.ts';
import { DEFAULT_ARRIVAL_SEED } from '../arrival-times.ts';
import { k6Duration } from '../env.ts';
import type { LoadSettings } from '../load-settings.ts';
import type { PeakResult } from '../step-report.ts';
import { atLeastOneSecond, EXEC_REQUEST, measureTags, stepStarts, warmupScenario } from './plan-parts.ts';
import type { LoadProfile, ProfilePlan, Step } from './profile.ts';
import { STEPPED_FULL, STEPPED_SHORT } from './stepped-defaults.ts';

const rates = [10, 20, 40, 80, 160, 320, 640];
const SCENARIO = 'peak';
const TAG = 'step';

export const peak: LoadProfile = {
  name: 'peak',
  about: 'highest arrival rate holding a p99 budget',
  defaults: { short: { ...STEPPED_SHORT, rates, arrivals: 'constant' }, full: { ...STEPPED_FULL, rates, arrivals: 'constant' } },
  p99Ms: 100,
  plan(s: LoadSettings): ProfilePlan {
    atLeastOneSecond('STEP_DURATION', s.stepMs);
    const arrivals = s.arrivals ?? 'constant';
    const segments: RateSegment[] = s.rates.flatMap((r, i) => [
      { fromRate: i ? s.rates[i - 1] : 0, toRate: r, durationMs: s.rampMs },
      { fromRate: r, toRate: r, durationMs: s.stepMs },
    ]);
    const run: Scenario = {
      ...(arrivals === 'constant'
        ? {
            executor: 'ramping-arrival-rate',
            startRate: 0,
            timeUnit: '1s',
            stages: segments.map((g) => ({ target: g.toRate, duration: k6Duration(g.durationMs) })),
          }
        : scheduledArrivals(arrivals, segments, DEFAULT_ARRIVAL_SEED)),
      exec: EXEC_REQUEST,
      preAllocatedVUs: Math.min(s.preAllocatedVus, s.maxVus),
      maxVUs: s.maxVus,
      startTime: k6Duration(s.warmupMs),
      tags: measureTags(),
    };
    // Each hold starts after its ramp.
    const starts = stepStarts(s.warmupMs + s.rampMs, s.rates.length, s.stepMs, s.rampMs);
    const steps: Step[] = s.rates.map((r, i) => ({
      label: { name: 'rate', value: r },
      tags: { [TAG]: String(r) },
      schedule: { kind: 'timed', startMs: starts[i], holdMs: s.stepMs },
    }));
    return {
      scenarios: { ...warmupScenario(s, s.warmupVus ?? 1), [SCENARIO]: run },
      steps,
      warmupMs: s.warmupMs,
      warmupRequests: 0,
      p99Gate: false,
      tagByTime: { scenario: SCENARIO, tag: TAG, scenarioStartMs: s.warmupMs },
    };
  },
  extras(rows, config) {
    const holds = rows.map((r) => {
      const target = r.label.value ?? NaN;
      const ok = r.p99Ms !== undefined && r.p99Ms <= config.p99Ms && (r.checkRate ?? 0) >= config.minCheckRate && (r.throughput ?? 0) >= 0.9 * target;
      return { rate: target, p99Ms: r.p99Ms, achieved: r.throughput, checkRate: r.checkRate, ok };
    });
    let sustainedRate: number | null = null;
    for (const h of holds) {
      if (!h.ok) break;
      sustainedRate = h.rate;
    }
    const result: PeakResult = { budgetMs: config.p99Ms, sustainedRate, holds };
    return { peak: result };
  },
};
