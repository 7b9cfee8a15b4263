/**
 * A generated arrival schedule as k6 `ramping-arrival-rate` stages, so k6 and the built-in
 * engine run the same schedule with no script logic: both start iteration i at the first time
 * the integral of the rate reaches i (K6-SEMANTICS.md; docs/load-engine.md).
 *
 * Between starts k and k+1 the rate jumps (a 1 µs ramp: no zero-length stage) to the rate r
 * that brings the integral to k+1 exactly where start k+1 is due, and holds it there. Rates are
 * integers (k6's stage targets are), so a large time unit keeps them precise; durations are whole
 * microseconds, anchored to the generated times, and the integral is tracked as it accumulates,
 * so rounding never drifts: each start lands within about a microsecond of its generated time.
 */
import type { Stage } from 'k6/options';

/** The timeUnit the stages' targets are counted in. */
export const TIME_UNIT = '1h';
const UNIT_US = 3_600_000_000;
const JUMP_US = 1;

const us = (n: number) => `${n}us`;

/**
 * Stages for starts at `timesMs` (ascending, the first at 0) in a step of `durationMs`; after
 * the last start the rate drops to 0 for the rest of the step. Zero or one start: a single idle
 * stage (the caller schedules no arrivals then).
 */
export function arrivalStages(timesMs: readonly number[], durationMs: number): Stage[] {
  const stages: Stage[] = [];
  let count = 0; // ∫ rate dt / unit so far
  let rate = 0;
  let elapsedUs = 0;
  const add = (durationUs: number, target: number) => {
    count += ((rate + target) / 2) * (durationUs / UNIT_US);
    elapsedUs += durationUs;
    rate = target;
    stages.push({ duration: us(durationUs), target });
  };
  for (let k = 0; k + 1 < timesMs.length; k++) {
    // The stage pair ends where start k + 1 is due; its rate makes the integral reach k + 1 there.
    const holdUs = Math.max(1, Math.round(timesMs[k + 1] * 1000) - elapsedUs - JUMP_US);
    const target = Math.max(1, Math.round(((k + 1 - count - (rate * JUMP_US) / 2 / UNIT_US) * UNIT_US) / (holdUs + JUMP_US / 2)));
    add(JUMP_US, target);
    add(holdUs, target);
  }
  if (rate > 0) add(JUMP_US, 0);
  const restUs = Math.round(durationMs * 1000) - elapsedUs;
  if (restUs > 0) add(restUs, 0);
  return stages.length ? stages : [{ duration: us(Math.max(1, Math.round(durationMs * 1000))), target: 0 }];
}
