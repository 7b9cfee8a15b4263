/**
 * rate: open-model arrival-rate steps, one after another; iterations k6 could not start are
 * counted per step. ARRIVALS=constant (the default) spaces each step's starts evenly
 * (constant-arrival-rate); poisson / bursty run a generated schedule at the step's mean rate.
 */
import type { Scenario } from 'k6/options';
import { scheduledArrivals } from '../arrival-schedule.ts';
import { DEFAULT_ARRIVAL_SEED } from '../arrival-times.ts';
import { k6Duration } from '../env.ts';
import type { LoadSettings } from '../load-settings.ts';
import { atLeastOneSecond, EXEC_REQUEST, measureTags, stepStarts, warmupScenario } from './plan-parts.ts';
import type { LoadProfile, ProfilePlan, Step } from './profile.ts';
import { STEPPED_FULL, STEPPED_SHORT } from './stepped-defaults.ts';

const rates = [10, 25, 50, 100];

export const rate: LoadProfile = {
  name: 'rate',
  about: 'open-model arrival-rate steps',
  defaults: { short: { ...STEPPED_SHORT, rates, arrivals: 'constant' }, full: { ...STEPPED_FULL, rates, arrivals: 'constant' } },
  p99Ms: 2000,
  plan(s: LoadSettings): ProfilePlan {
    atLeastOneSecond('STEP_DURATION', s.stepMs);
    const starts = stepStarts(s.warmupMs, s.rates.length, s.stepMs, s.graceMs);
    const scenarios: Record<string, Scenario> = { ...warmupScenario(s, s.warmupVus ?? 1) };
    const steps: Step[] = s.rates.map((r, i) => {
      const tags = { rate: String(r) };
      const name = `rate_${r}`;
      const arrivals = s.arrivals ?? 'constant';
      scenarios[name] = {
        ...(arrivals === 'constant'
          ? { executor: 'constant-arrival-rate', rate: r, timeUnit: '1s', duration: k6Duration(s.stepMs) }
          : scheduledArrivals(arrivals, [{ fromRate: r, toRate: r, durationMs: s.stepMs }], DEFAULT_ARRIVAL_SEED + i)),
        exec: EXEC_REQUEST,
        preAllocatedVUs: Math.min(s.preAllocatedVus, s.maxVus),
        maxVUs: s.maxVus,
        startTime: k6Duration(starts[i]),
        gracefulStop: k6Duration(s.graceMs),
        tags: measureTags(tags),
      };
      return { label: { name: 'rate', value: r }, tags, schedule: { kind: 'timed', startMs: starts[i], holdMs: s.stepMs }, droppedScenario: name };
    });
    return { scenarios, steps, warmupMs: s.warmupMs, warmupRequests: 0, p99Gate: true };
  },
};
