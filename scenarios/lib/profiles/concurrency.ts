/** concurrency: a fixed number of VUs per level (closed model), one level after another. */
import type { Scenario } from 'k6/options';
import { k6Duration } from '../env.ts';
import type { LoadSettings } from '../load-settings.ts';
import { atLeastOneSecond, EXEC_REQUEST, measureTags, stepStarts, warmupScenario } from './plan-parts.ts';
import type { LoadProfile, ProfilePlan, Step } from './profile.ts';
import { STEPPED_FULL, STEPPED_SHORT } from './stepped-defaults.ts';

export const concurrency: LoadProfile = {
  name: 'concurrency',
  about: 'fixed VUs per level, one level after another',
  defaults: {
    short: { ...STEPPED_SHORT, levels: [1, 4, 16] },
    full: { ...STEPPED_FULL, levels: [1, 2, 4, 8, 16, 32] },
  },
  p99Ms: 2000,
  plan(s: LoadSettings): ProfilePlan {
    atLeastOneSecond('STEP_DURATION', s.stepMs);
    const starts = stepStarts(s.warmupMs, s.levels.length, s.stepMs, s.graceMs);
    const scenarios: Record<string, Scenario> = { ...warmupScenario(s, s.warmupVus ?? 1) };
    const steps: Step[] = s.levels.map((level, i) => {
      const tags = { level: String(level) };
      scenarios[`vus_${level}`] = {
        executor: 'constant-vus',
        exec: EXEC_REQUEST,
        vus: level,
        duration: k6Duration(s.stepMs),
        startTime: k6Duration(starts[i]),
        gracefulStop: k6Duration(s.graceMs),
        tags: measureTags(tags),
      };
      return { label: { name: 'vus', value: level }, tags, schedule: { kind: 'timed', startMs: starts[i], holdMs: s.stepMs } };
    });
    return { scenarios, steps, warmupMs: s.warmupMs, warmupRequests: 0, p99Gate: true };
  },
};
