/**
 * Load-profile settings as data: which profile, and the numbers that shape it. Parsed from
 * `__ENV` with per-profile defaults; turned into k6 scenarios by profiles.ts.
 */
import { duration, int, intList, type Env } from './env.ts';

export const PROFILE_NAMES = ['smoke', 'paper', 'concurrency', 'rate', 'peak', 'soak'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface LoadSettings {
  /** Warm-up before the measured window (0 = none); samples tagged phase:warmup. */
  warmupMs: number;
  warmupVus: number;
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
}

const DEFAULT_DURATION_MS: Record<ProfileName, number> = {
  smoke: 5_000,
  paper: 0,
  concurrency: 0,
  rate: 0,
  peak: 0,
  soak: 30 * 60_000,
};

const DEFAULT_WARMUP_MS: Record<ProfileName, number> = {
  smoke: 1_000,
  paper: 0,
  concurrency: 10_000,
  rate: 10_000,
  peak: 10_000,
  soak: 30_000,
};

export function loadSettings(env: Env, profile: ProfileName): LoadSettings {
  const levels = intList(env, 'LEVELS', [1, 2, 4, 8, 16, 32]);
  const rates = intList(env, 'RATES', profile === 'peak' ? [10, 20, 40, 80, 160, 320, 640] : [10, 25, 50, 100]);
  const maxVus = int(env, 'MAX_VUS', Math.max(50, ...levels), 1);
  return {
    warmupMs: duration(env, 'WARMUP', DEFAULT_WARMUP_MS[profile]),
    warmupVus: int(env, 'WARMUP_VUS', profile === 'soak' || profile === 'smoke' ? int(env, 'VUS', profile === 'soak' ? 4 : 1, 1) : 1, 1),
    warmupRequests: int(env, 'WARMUP_REQUESTS', 10, 0),
    durationMs: duration(env, 'DURATION', DEFAULT_DURATION_MS[profile]),
    vus: int(env, 'VUS', profile === 'soak' ? 4 : 1, 1),
    paperN: intList(env, 'PAPER_N', [1, 10, 100, 1000, 10000]),
    paperRepeats: int(env, 'PAPER_REPEATS', 10, 1),
    paperMaxMs: duration(env, 'PAPER_MAX_DURATION', 24 * 3_600_000),
    levels,
    rates,
    stepMs: duration(env, 'STEP_DURATION', 30_000),
    rampMs: duration(env, 'RAMP', 2_000),
    graceMs: duration(env, 'STEP_GRACE', 2_000),
    preAllocatedVus: int(env, 'PRE_VUS', Math.min(maxVus, 10), 1),
    maxVus,
  };
}
