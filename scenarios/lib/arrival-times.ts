/**
 * Arrival processes as data: the times (ms from a step's start) at which a step's requests
 * start, generated deterministically from a seed with the project's PRNG (mulberry32), so k6 and
 * the built-in engine, every VU and the report regenerate the very same schedule.
 *   constant: evenly spaced (what constant-arrival-rate does);
 *   poisson:  exponential inter-arrival gaps with mean 1/rate;
 *   bursty:   a two-state Markov-modulated Poisson process: bursts at BURST.factor x the base
 *             rate for exponential sojourns of mean BURST.onMs, lulls at a lower rate between them
 *             (mean BURST.offMs); the long-run mean rate is `rate`, the gaps far more variable.
 */
import { mulberry32, type Random } from '../../servers/data/prng.ts';

export const ARRIVAL_KINDS = ['constant', 'poisson', 'bursty'] as const;
export type ArrivalKind = (typeof ARRIVAL_KINDS)[number];

export const DEFAULT_ARRIVAL_SEED = 17;

/** Bursts 1/5 of the time at 4x the mean rate; lulls the other 4/5 at 1/4 of it: mean = rate. */
export const BURST = { onMs: 250, offMs: 1_000, factor: 4 } as const;
const LULL_FACTOR = (1 - (BURST.factor * BURST.onMs) / (BURST.onMs + BURST.offMs)) / (BURST.offMs / (BURST.onMs + BURST.offMs));

/** An exponential variate of mean `meanMs` by inversion (1 - u is in (0, 1], so the log is finite). */
export function exponential(random: Random, meanMs: number): number {
  return -Math.log(1 - random()) * meanMs;
}

function poisson(ratePerS: number, durationMs: number, random: Random): number[] {
  const out: number[] = [];
  const mean = 1000 / ratePerS;
  for (let t = exponential(random, mean); t < durationMs; t += exponential(random, mean)) out.push(t);
  return out;
}

/**
 * Two states with exponential sojourns; within a state, a Poisson process at that state's rate
 * (memorylessness lets the gap restart at each switch). Starts in a lull.
 */
function bursty(ratePerS: number, durationMs: number, random: Random): number[] {
  const out: number[] = [];
  let t = 0;
  let on = false;
  while (t < durationMs) {
    const stateEnd = Math.min(durationMs, t + exponential(random, on ? BURST.onMs : BURST.offMs));
    const mean = 1000 / (ratePerS * (on ? BURST.factor : LULL_FACTOR));
    for (let a = t + exponential(random, mean); a < stateEnd; a += exponential(random, mean)) out.push(a);
    t = stateEnd;
    on = !on;
  }
  return out;
}

/** Start times in [0, durationMs), ascending; the first request at 0 (as k6's first tick). */
export function arrivalTimes(kind: ArrivalKind, ratePerS: number, durationMs: number, seed: number): number[] {
  if (!(ratePerS > 0) || !(durationMs > 0)) return [];
  if (kind === 'constant') {
    const gap = 1000 / ratePerS;
    return Array.from({ length: Math.ceil(durationMs / gap) }, (_, i) => i * gap);
  }
  const random = mulberry32(seed);
  const later = kind === 'poisson' ? poisson(ratePerS, durationMs, random) : bursty(ratePerS, durationMs, random);
  return [0, ...later];
}

/** Gaps between consecutive starts. */
export function gapsOf(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]);
}
