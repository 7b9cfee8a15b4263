/**
 * sweep: one short window of constant VUs per payload-sweep cell (`npm run bench:payload` runs it
 * once per model, wire format and batch size). Every request started in the window finishes and
 * counts (a 64-image 224x224x3 JSON request can take seconds), so throughput from the closed
 * loop (VUs / mean iteration time) has no edge effect.
 */
import { NO_SETTINGS } from '../load-settings.ts';
import { wholeWindowProfile } from './whole-window.ts';

export const sweep = wholeWindowProfile('sweep', 'one payload-sweep cell: 2 VUs for 2 s, every started request counted', {
  ...NO_SETTINGS,
  warmupMs: 1_000,
  durationMs: 2_000,
  vus: 2,
  graceMs: 300_000,
});
