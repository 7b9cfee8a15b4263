/** Defaults the stepped profiles (concurrency, rate, peak) share: hold per step, grace, warm-up. */
import { NO_SETTINGS, type LoadSettings } from '../load-settings.ts';

const common = { graceMs: 2_000, rampMs: 2_000, preAllocatedVus: 10, maxVus: 50 };

export const STEPPED_FULL: LoadSettings = { ...NO_SETTINGS, ...common, warmupMs: 10_000, stepMs: 30_000 };
export const STEPPED_SHORT: LoadSettings = { ...NO_SETTINGS, ...common, warmupMs: 3_000, stepMs: 10_000 };
