/**
 * Which part of a profile a resource sample falls in, for the `phase` tag of the points written to
 * InfluxDB (the comparison dashboard leaves warm-up out, as it does for requests): `warmup` until
 * the load has run its warm-up (warmupMs after its first request, and more than warmupRequests
 * requests), `measure` from the first poll of the live request count that shows it over. The
 * boundary is never early: at most one poll interval of the measured part is counted as warm-up,
 * no warm-up as measured. When the live count cannot be read at all, the time since the load was
 * started stands in, with `noCountGraceMs` for its start-up.
 */
import type { ResourcePhase } from '../influx/measurements.ts';

export interface PhaseClock {
  /** The live request count, as each poll reads it (undefined when it could not be read). */
  observe(count: number | undefined, now?: number): void;
  phaseAt(t: number): ResourcePhase;
}

export function createPhaseClock(plan: { warmupMs: number; warmupRequests: number }, loadStartedAt: number, noCountGraceMs = 5000): PhaseClock {
  let firstRequestAt: number | undefined;
  let measuredFrom: number | undefined;
  let counted = false;
  return {
    observe(count, now = Date.now()) {
      if (count === undefined || measuredFrom !== undefined) return;
      counted = true;
      if (firstRequestAt === undefined && count > 0) firstRequestAt = now;
      if (firstRequestAt !== undefined && count > plan.warmupRequests && now >= firstRequestAt + plan.warmupMs) measuredFrom = now;
    },
    phaseAt(t) {
      if (measuredFrom !== undefined) return t >= measuredFrom ? 'measure' : 'warmup';
      if (!counted && t >= loadStartedAt + plan.warmupMs + noCountGraceMs) return 'measure';
      return 'warmup';
    },
  };
}
