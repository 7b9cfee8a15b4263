/**
 * The iteration starts an arrival-rate scenario actually achieved, for `--engine-stats`: per
 * scenario, the number of starts and a bounded uniform sample (reservoir, Vitter's algorithm R
 * with a fixed-seed PRNG) of (start time, gap since the previous start) pairs. Memory stays at
 * `capacity` pairs per scenario however long the test; a window of the test (a profile's step)
 * is judged on the pairs whose start falls in it. Times are ms from the test's start (the
 * scenarios' zero), read from the monotonic clock, to the microsecond.
 */
import { mulberry32, type Random } from '../../servers/data/prng.ts';

/** Pairs kept per scenario: every start of a short run, a uniform sample of a long one. */
export const ARRIVAL_SAMPLE_CAPACITY = 20_000;
const SEED = 0x5eed;

export interface ScenarioArrivals {
  /** Iterations started (dropped ones never started, so they are not here). */
  starts: number;
  /** Gaps seen (starts - 1); `atMs.length` of them are kept. */
  gaps: number;
  /** The kept pairs, in no particular order: the start's time and its gap since the previous start. */
  atMs: number[];
  gapMs: number[];
}

/** What `--engine-stats` carries as `arrivals`. */
export interface ArrivalStats {
  /** Pairs kept per scenario at most. */
  capacity: number;
  scenarios: Record<string, ScenarioArrivals>;
}

const micro = (ms: number) => Math.round(ms * 1000) / 1000;

interface Track extends ScenarioArrivals {
  lastMs: number;
}

export class ArrivalRecorder {
  private readonly tracks = new Map<string, Track>();
  private readonly random: Random = mulberry32(SEED);
  private originMs = 0;

  constructor(private readonly capacity = ARRIVAL_SAMPLE_CAPACITY) {}

  /** The test's zero, on the monotonic clock (performance.now()). */
  startAt(originMs: number): void {
    this.originMs = originMs;
  }

  /** An iteration of `scenario` started at `nowMs` (performance.now()). */
  started(scenario: string, nowMs: number): void {
    const at = nowMs - this.originMs;
    let t = this.tracks.get(scenario);
    if (!t) {
      t = { starts: 0, gaps: 0, atMs: [], gapMs: [], lastMs: at };
      this.tracks.set(scenario, t);
    }
    t.starts++;
    if (t.starts === 1) return;
    const gap = at - t.lastMs;
    t.lastMs = at;
    t.gaps++;
    const slot = t.gaps <= this.capacity ? t.gaps - 1 : Math.floor(this.random() * t.gaps);
    if (slot >= this.capacity) return;
    t.atMs[slot] = micro(at);
    t.gapMs[slot] = micro(gap);
  }

  stats(): ArrivalStats {
    const scenarios: Record<string, ScenarioArrivals> = {};
    for (const [name, { starts, gaps, atMs, gapMs }] of this.tracks) scenarios[name] = { starts, gaps, atMs, gapMs };
    return { capacity: this.capacity, scenarios };
  }
}
