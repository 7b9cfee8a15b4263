/**
 * Profiles measured as one window of constant VUs (smoke, soak, sweep): one step, `all`. A grace
 * (STEP_GRACE > 0, k6's gracefulStop) lets the requests still running when the window ends finish
 * and count; without one, k6's default applies.
 */
import type { Scenario } from 'k6/options';
import { k6Duration } from '../env.ts';
import type { LoadSettings } from '../load-settings.ts';
import { atLeastOneSecond, EXEC_REQUEST, measureTags, warmupScenario } from './plan-parts.ts';
import type { LoadProfile, ProfilePlan } from './profile.ts';

export function wholeWindowProfile(name: string, about: string, defaults: LoadSettings): LoadProfile {
  return {
    name,
    about,
    defaults: { short: defaults, full: defaults },
    p99Ms: 2000,
    plan(s: LoadSettings): ProfilePlan {
      atLeastOneSecond('DURATION', s.durationMs);
      const run: Scenario = {
        executor: 'constant-vus',
        exec: EXEC_REQUEST,
        vus: s.vus,
        duration: k6Duration(s.durationMs),
        startTime: k6Duration(s.warmupMs),
        ...(s.graceMs > 0 ? { gracefulStop: k6Duration(s.graceMs) } : {}),
        tags: measureTags(),
      };
      return {
        scenarios: { ...warmupScenario(s, s.warmupVus ?? s.vus), [name]: run },
        steps: [{ label: { name: 'all' }, tags: measureTags(), schedule: { kind: 'timed', startMs: s.warmupMs, holdMs: s.durationMs } }],
        warmupMs: s.warmupMs,
        warmupRequests: 0,
        p99Gate: true,
      };
    },
  };
}
