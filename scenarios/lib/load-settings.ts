/**
 * Load settings as data: the numbers that shape a profile's plan. Parsed from `__ENV` over the
 * profile's own defaults (scenarios/lib/profiles/), and written back to env by `settingsEnv` so
 * the runner hands a scenario exactly the settings it resolved and recorded.
 */
import { ARRIVAL_KINDS, type ArrivalKind } from './arrival-times.ts';
import { duration, int, intList, oneOf, optionalStr, type Env } from './env.ts';

export interface LoadSettings {
  /** Warm-up before the measured window (0 = none); samples tagged phase:warmup. */
  warmupMs: number;
  /** VUs of the warm-up; absent: the profile's choice (smoke / soak: `vus`, others: 1). */
  warmupVus?: number;
  /** paper: requests sent (tagged phase:warmup) before the first N. */
  warmupRequests: number;
  /** smoke / soak: measured duration and VUs. */
  durationMs: number;
  vus: number;
  /** paper: N values and repetitions of each. */
  paperN: number[];
  paperRepeats: number;
  /** paper: cap on the whole loop (k6 maxDuration). */
  paperMaxMs: number;
  /** concurrency: VU levels, one after another. */
  levels: number[];
  /** rate / peak: arrival rates (iterations per second), one step each. */
  rates: number[];
  /** concurrency / rate / peak: time held at each step. */
  stepMs: number;
  /** peak: time to ramp from one rate to the next. */
  rampMs: number;
  /** concurrency / rate: pause between steps so one step's stragglers never overlap the next. */
  graceMs: number;
  /** rate / peak: VUs k6 may use to hold the rate. */
  preAllocatedVus: number;
  maxVus: number;
  /**
   * rate / peak: how the arrivals of each step are spaced (arrival-times.ts): evenly (constant,
   * the default: k6's constant/ramping-arrival-rate as before), Poisson, or bursty.
   */
  arrivals?: ArrivalKind;
}

/** What a profile's defaults start from: nothing planned (each profile sets the fields it uses). */
export const NO_SETTINGS: LoadSettings = {
  warmupMs: 0,
  warmupRequests: 0,
  durationMs: 0,
  vus: 1,
  paperN: [],
  paperRepeats: 1,
  paperMaxMs: 0,
  levels: [],
  rates: [],
  stepMs: 0,
  rampMs: 0,
  graceMs: 0,
  preAllocatedVus: 1,
  maxVus: 1,
};

/** Each setting's environment variable. */
const ENV_NAME = {
  warmupMs: 'WARMUP',
  warmupVus: 'WARMUP_VUS',
  warmupRequests: 'WARMUP_REQUESTS',
  durationMs: 'DURATION',
  vus: 'VUS',
  paperN: 'PAPER_N',
  paperRepeats: 'PAPER_REPEATS',
  paperMaxMs: 'PAPER_MAX_DURATION',
  levels: 'LEVELS',
  rates: 'RATES',
  stepMs: 'STEP_DURATION',
  rampMs: 'RAMP',
  graceMs: 'STEP_GRACE',
  preAllocatedVus: 'PRE_VUS',
  maxVus: 'MAX_VUS',
  arrivals: 'ARRIVALS',
} as const satisfies Record<keyof LoadSettings, string>;

/** `__ENV` over a profile's defaults. */
export function loadSettings(env: Env, d: LoadSettings): LoadSettings {
  const warmupVus = optionalStr(env, ENV_NAME.warmupVus) === undefined ? d.warmupVus : int(env, ENV_NAME.warmupVus, 1, 1);
  const arrivals = optionalStr(env, ENV_NAME.arrivals) === undefined ? d.arrivals : oneOf(env, ENV_NAME.arrivals, ARRIVAL_KINDS, 'constant');
  return {
    warmupMs: duration(env, ENV_NAME.warmupMs, d.warmupMs),
    ...(warmupVus === undefined ? {} : { warmupVus }),
    warmupRequests: int(env, ENV_NAME.warmupRequests, d.warmupRequests, 0),
    durationMs: duration(env, ENV_NAME.durationMs, d.durationMs),
    vus: int(env, ENV_NAME.vus, d.vus, 1),
    paperN: intList(env, ENV_NAME.paperN, d.paperN),
    paperRepeats: int(env, ENV_NAME.paperRepeats, d.paperRepeats, 1),
    paperMaxMs: duration(env, ENV_NAME.paperMaxMs, d.paperMaxMs),
    levels: intList(env, ENV_NAME.levels, d.levels),
    rates: intList(env, ENV_NAME.rates, d.rates),
    stepMs: duration(env, ENV_NAME.stepMs, d.stepMs),
    rampMs: duration(env, ENV_NAME.rampMs, d.rampMs),
    graceMs: duration(env, ENV_NAME.graceMs, d.graceMs),
    preAllocatedVus: int(env, ENV_NAME.preAllocatedVus, d.preAllocatedVus, 1),
    maxVus: int(env, ENV_NAME.maxVus, d.maxVus, 1),
    ...(arrivals === undefined ? {} : { arrivals }),
  };
}

/** The environment that makes `loadSettings` return exactly `s`, whatever the defaults. */
export function settingsEnv(s: LoadSettings): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV_NAME) as [keyof LoadSettings, string][]) {
    const v = s[key];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue; // unset: the same as the profile's empty default
    env[name] = Array.isArray(v) ? v.join(',') : key.endsWith('Ms') ? `${v}ms` : String(v);
  }
  return env;
}
