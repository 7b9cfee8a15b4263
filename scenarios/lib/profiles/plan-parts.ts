/** Pieces the profile modules build their plans from: the warm-up scenario, step tags, start times. */
import type { Scenario } from 'k6/options';
import { ConfigError, k6Duration } from '../env.ts';
import type { LoadSettings } from '../load-settings.ts';

/** The exported function names every entry file provides. */
export const EXEC_REQUEST = 'default';
export const EXEC_PAPER = 'paper';

/** k6 wants constant-vus durations of at least 1s. */
export function atLeastOneSecond(name: string, ms: number): void {
  if (!(ms >= 1000)) throw new ConfigError(`${name}=${ms}ms is too short: this profile needs at least 1s`);
}

/** The optional warm-up scenario (first, tagged phase:warmup), with `vus` VUs. */
export function warmupScenario(s: LoadSettings, vus: number): Record<string, Scenario> {
  if (s.warmupMs <= 0) return {};
  atLeastOneSecond('WARMUP (0 turns it off)', s.warmupMs);
  return {
    warmup: {
      executor: 'constant-vus',
      exec: EXEC_REQUEST,
      vus,
      duration: k6Duration(s.warmupMs),
      gracefulStop: '0s',
      tags: { phase: 'warmup' },
    },
  };
}

/** Scenario tags of the measured window, plus a step's own. */
export const measureTags = (extra: Record<string, string> = {}): Record<string, string> => ({ phase: 'measure', ...extra });

/** Steps run one after another from `startMs`: each starts after the previous one's hold plus a gap. */
export function stepStarts(startMs: number, count: number, holdMs: number, gapMs: number): number[] {
  return Array.from({ length: count }, (_, i) => startMs + i * (holdMs + gapMs));
}
