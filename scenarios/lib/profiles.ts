/**
 * Load profiles -> k6 scenarios. Every measured scenario is tagged `phase: measure` plus the
 * step it belongs to (`level`, `rate`; `n`/`rep` and peak's `step` are set per request as VU
 * tags); the optional warm-up scenario runs first, tagged `phase: warmup`.
 */
import type { Scenario } from 'k6/options';
import { ConfigError, k6Duration } from './env.ts';
import type { LoadSettings, ProfileName } from './load-settings.ts';

/** Exported function names every entry file provides. */
export const EXEC_REQUEST = 'default';
export const EXEC_PAPER = 'paper';

/** The tag key that splits a profile's measured window into steps (for the summary). */
export const STEP_TAG: Record<ProfileName, string | undefined> = {
  smoke: undefined,
  soak: undefined,
  paper: 'n',
  concurrency: 'level',
  rate: 'rate',
  peak: 'step',
};

export interface ProfilePlan {
  scenarios: Record<string, Scenario>;
  /** Step tag values, in order (for per-step submetrics in the summary). */
  steps: string[];
}

/** k6 wants constant-vus durations of at least 1s. */
function atLeastOneSecond(name: string, ms: number): void {
  if (!(ms >= 1000)) throw new ConfigError(`${name}=${ms}ms is too short: this profile needs at least 1s`);
}

function warmup(s: LoadSettings): Record<string, Scenario> {
  if (s.warmupMs <= 0) return {};
  atLeastOneSecond('WARMUP (0 turns it off)', s.warmupMs);
  return {
    warmup: {
      executor: 'constant-vus',
      exec: EXEC_REQUEST,
      vus: s.warmupVus,
      duration: k6Duration(s.warmupMs),
      gracefulStop: '0s',
      tags: { phase: 'warmup' },
    },
  };
}

const measure = (extra: Record<string, string> = {}) => ({ phase: 'measure', ...extra });

/** Steps run one after another: each starts after the previous one's duration plus a grace gap. */
function sequence(start: number, count: number, stepMs: number, graceMs: number): string[] {
  return Array.from({ length: count }, (_, i) => k6Duration(start + i * (stepMs + graceMs)));
}

export function planProfile(profile: ProfileName, s: LoadSettings): ProfilePlan {
  const pre = warmup(s);
  const start = s.warmupMs;
  switch (profile) {
    case 'smoke':
    case 'soak': {
      atLeastOneSecond('DURATION', s.durationMs);
      const run: Scenario = {
        executor: 'constant-vus',
        exec: EXEC_REQUEST,
        vus: s.vus,
        duration: k6Duration(s.durationMs),
        startTime: k6Duration(start),
        tags: measure(),
      };
      return { scenarios: { ...pre, [profile]: run }, steps: [] };
    }
    case 'paper': {
      const run: Scenario = {
        executor: 'per-vu-iterations',
        exec: EXEC_PAPER,
        vus: 1,
        iterations: 1,
        maxDuration: k6Duration(s.paperMaxMs),
        startTime: k6Duration(start),
        tags: measure(),
      };
      return { scenarios: { ...pre, paper: run }, steps: s.paperN.map(String) };
    }
    case 'concurrency': {
      atLeastOneSecond('STEP_DURATION', s.stepMs);
      const starts = sequence(start, s.levels.length, s.stepMs, s.graceMs);
      const scenarios: Record<string, Scenario> = { ...pre };
      s.levels.forEach((level, i) => {
        scenarios[`vus_${level}`] = {
          executor: 'constant-vus',
          exec: EXEC_REQUEST,
          vus: level,
          duration: k6Duration(s.stepMs),
          startTime: starts[i],
          gracefulStop: k6Duration(s.graceMs),
          tags: measure({ level: String(level) }),
        };
      });
      return { scenarios, steps: s.levels.map(String) };
    }
    case 'rate': {
      atLeastOneSecond('STEP_DURATION', s.stepMs);
      const starts = sequence(start, s.rates.length, s.stepMs, s.graceMs);
      const scenarios: Record<string, Scenario> = { ...pre };
      s.rates.forEach((rate, i) => {
        scenarios[`rate_${rate}`] = {
          executor: 'constant-arrival-rate',
          exec: EXEC_REQUEST,
          rate,
          timeUnit: '1s',
          duration: k6Duration(s.stepMs),
          preAllocatedVUs: Math.min(s.preAllocatedVus, s.maxVus),
          maxVUs: s.maxVus,
          startTime: starts[i],
          gracefulStop: k6Duration(s.graceMs),
          tags: measure({ rate: String(rate) }),
        };
      });
      return { scenarios, steps: s.rates.map(String) };
    }
    case 'peak': {
      atLeastOneSecond('STEP_DURATION', s.stepMs);
      const stages = s.rates.flatMap((rate) => [
        { target: rate, duration: k6Duration(s.rampMs) },
        { target: rate, duration: k6Duration(s.stepMs) },
      ]);
      const run: Scenario = {
        executor: 'ramping-arrival-rate',
        exec: EXEC_REQUEST,
        startRate: 0,
        timeUnit: '1s',
        preAllocatedVUs: Math.min(s.preAllocatedVus, s.maxVus),
        maxVUs: s.maxVus,
        stages,
        startTime: k6Duration(start),
        tags: measure(),
      };
      return { scenarios: { ...pre, peak: run }, steps: s.rates.map(String) };
    }
  }
}

/**
 * peak: which hold step (its rate, as a string) a request `elapsedMs` into the scenario
 * belongs to, or `ramp` while the rate is changing.
 */
export function peakStepAt(s: LoadSettings, elapsedMs: number): string {
  let t = 0;
  for (const rate of s.rates) {
    t += s.rampMs;
    if (elapsedMs < t) return 'ramp';
    t += s.stepMs;
    if (elapsedMs < t) return String(rate);
  }
  return 'ramp';
}
