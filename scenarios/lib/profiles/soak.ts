/** soak: half an hour at a few VUs, for leaks and drift. */
import { NO_SETTINGS } from '../load-settings.ts';
import { wholeWindowProfile } from './whole-window.ts';

export const soak = wholeWindowProfile('soak', 'half an hour at 4 VUs (leaks, drift)', { ...NO_SETTINGS, warmupMs: 30_000, durationMs: 30 * 60_000, vus: 4 });
