/** smoke: a few seconds at one VU, to see that a target answers and is judged right. */
import { NO_SETTINGS } from '../load-settings.ts';
import { wholeWindowProfile } from './whole-window.ts';

export const smoke = wholeWindowProfile('smoke', 'a few seconds at one VU (is it up and right?)', { ...NO_SETTINGS, warmupMs: 1_000, durationMs: 5_000, vus: 1 });
