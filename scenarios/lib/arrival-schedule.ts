/**
 * A profile's random arrivals (ARRIVALS=poisson|bursty) as the executor fields of one k6
 * `ramping-arrival-rate` scenario, so k6 and the built-in engine run the same generated schedule.
 * The schedule is a list of rate segments, each holding a rate or ramping linearly between two
 * (peak's ramps): a held segment is the process at that rate (arrival-times.ts); a ramp is the
 * process at the higher of its two rates, thinned (each start kept with probability
 * rate(t) / that rate), which is exactly the process at the ramping rate. Each segment has its
 * own seed (seed + its index), so steps are independent and every reader regenerates the same.
 */
import type { RampingArrivalRateScenario } from 'k6/options';
import { mulberry32 } from '../../servers/data/prng.ts';
import { arrivalStages, TIME_UNIT } from './arrival-stages.ts';
import { arrivalTimes, type ArrivalKind } from './arrival-times.ts';

export type RandomArrivals = Exclude<ArrivalKind, 'constant'>;

/** A stretch of the schedule: the rate goes linearly from `fromRate` to `toRate` (per second) over `durationMs`. */
export interface RateSegment {
  fromRate: number;
  toRate: number;
  durationMs: number;
}

/** Starts strictly inside (0, durationMs) of one segment. */
function segmentTimes(kind: RandomArrivals, seg: RateSegment, seed: number): number[] {
  const top = Math.max(seg.fromRate, seg.toRate);
  const candidates = arrivalTimes(kind, top, seg.durationMs, seed).slice(1); // [0] is the forced first start
  if (seg.fromRate === seg.toRate) return candidates;
  const keep = mulberry32(seed ^ 0x5bd1e995);
  const rateAt = (t: number) => seg.fromRate + ((seg.toRate - seg.fromRate) * t) / seg.durationMs;
  return candidates.filter((t) => keep() < rateAt(t) / top);
}

/** Start times (ms from the scenario's start, ascending, the first at 0 as k6's first tick) over the segments. */
export function scheduleTimes(kind: RandomArrivals, segments: readonly RateSegment[], seed: number): number[] {
  const times = [0];
  let offset = 0;
  segments.forEach((seg, i) => {
    for (const t of segmentTimes(kind, seg, seed + i)) times.push(offset + t);
    offset += seg.durationMs;
  });
  return times;
}

/** The executor fields of a ramping-arrival-rate scenario running that schedule (add exec, VUs, startTime, tags). */
export type ScheduledArrivals = Pick<RampingArrivalRateScenario, 'executor' | 'startRate' | 'timeUnit' | 'stages'>;

export function scheduledArrivals(kind: RandomArrivals, segments: readonly RateSegment[], seed: number): ScheduledArrivals {
  const totalMs = segments.reduce((sum, s) => sum + s.durationMs, 0);
  return {
    executor: 'ramping-arrival-rate',
    startRate: 0,
    timeUnit: TIME_UNIT,
    stages: arrivalStages(scheduleTimes(kind, segments, seed), totalMs),
  };
}
