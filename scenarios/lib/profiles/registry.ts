/**
 * The load profiles, one module each. To add a profile: write `scenarios/lib/profiles/<name>.ts`
 * exporting a `LoadProfile` (profile.ts: its short and full defaults, and `plan(settings)` ->
 * the k6 scenarios plus the measured steps), then add it to PROFILES below. Nothing else changes:
 * thresholds, summary tables, the runner's progress line, plan.json and the report's windows all
 * derive from the steps its plan returns.
 */
import { concurrency } from './concurrency.ts';
import { paper } from './paper.ts';
import { peak } from './peak.ts';
import type { LoadProfile } from './profile.ts';
import { rate } from './rate.ts';
import { smoke } from './smoke.ts';
import { soak } from './soak.ts';
import { sweep } from './sweep.ts';

export const PROFILES = { smoke, paper, concurrency, rate, peak, soak, sweep } satisfies Record<string, LoadProfile>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

export function isProfileName(name: string): name is ProfileName {
  return Object.prototype.hasOwnProperty.call(PROFILES, name);
}

export function profileNamed(name: ProfileName): LoadProfile {
  return PROFILES[name];
}
