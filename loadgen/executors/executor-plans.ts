/**
 * Pure scheduling math per k6 executor: given a normalised scenario and this instance's
 * execution segment, what this instance runs — VU counts, per-VU activity windows, owned
 * iteration indices, arrival-rate tick times — plus the scenario's length and the VU pool size.
 * Times are milliseconds relative to the scenario's own start (startTime excluded) unless noted.
 */
import { Fraction, SegmentedExecution } from '../segments/execution-segment.ts';
import type {
  ConstantArrivalRateConfig,
  ConstantVUsConfig,
  NormalizedScenario,
  PerVUIterationsConfig,
  RampingArrivalRateConfig,
  RampingVUsConfig,
  SharedIterationsConfig,
  Stage,
} from './executor-config.ts';

export interface ConstantVUsPlan { executor: 'constant-vus'; vus: number; durationMs: number }

/** One stretch [startMs, endMs) during which a ramping VU is active (may start iterations). */
export interface VUActiveInterval {
  startMs: number;
  endMs: number;
  /** 'ramp-down': the ramp went below this VU; 'scenario-end': the stages ended. */
  endReason: 'ramp-down' | 'scenario-end';
  /** When an iteration still running at endMs is interrupted: endMs + gracefulRampDown (capped at
   *  the scenario's hard end) for ramp-downs, endMs + gracefulStop at the scenario end. */
  hardStopMs: number;
}

/** globalIndex: the VU's index in the unsegmented ramp; active while the global count > globalIndex. */
export interface RampingVU { localIndex: number; globalIndex: number; intervals: VUActiveInterval[] }

export interface RampingVUsPlan {
  executor: 'ramping-vus';
  totalStageDurationMs: number;
  gracefulRampDownMs: number;
  gracefulStopMs: number;
  /** Local VUs that are ever active, by local index. */
  vus: RampingVU[];
  /** Local active VU count at tMs (0 outside [0, totalStageDurationMs)). */
  vusAt(tMs: number): number;
}

export interface PerVUIterationsPlan {
  executor: 'per-vu-iterations';
  vus: number;
  iterationsPerVU: number;
  /** vus × iterationsPerVU, for this instance. */
  totalIterations: number;
  maxDurationMs: number;
}

export interface SharedIterationsPlan {
  executor: 'shared-iterations';
  vus: number;
  /** How many iterations this instance runs. */
  iterations: number;
  totalGlobalIterations: number;
  maxDurationMs: number;
  /** Global iteration index (exec.scenario.iterationInTest) of the local-th local iteration. */
  globalIterationIndex(localIteration: number): number;
  /** All owned global iteration indices, ascending. */
  globalIterationIndices(): Generator<number>;
}

export interface ArrivalTick { globalIndex: number; atMs: number }

export interface ArrivalRatePlan {
  executor: 'constant-arrival-rate' | 'ramping-arrival-rate';
  preAllocatedVUs: number;
  maxVUs: number;
  durationMs: number;
  /** Ticks of the unsegmented schedule / owned by this instance. */
  totalGlobalTicks: number;
  localTicks: number;
  /** This instance's ticks, ascending, at their unscaled global times. */
  ticks(): Generator<ArrivalTick>;
}

export type ScenarioPlan = ConstantVUsPlan | RampingVUsPlan | PerVUIterationsPlan | SharedIterationsPlan | ArrivalRatePlan;

export function planConstantVUs(c: ConstantVUsConfig, seg: SegmentedExecution): ConstantVUsPlan {
  return { executor: c.executor, vus: seg.scale(c.vus), durationMs: c.durationMs };
}

export function stagesDurationMs(stages: readonly Stage[]): number {
  return stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/** The unsegmented ramping-vus count at tMs: floor of the ramp going up, ceil going down. */
export function globalRampingVUsAt(c: RampingVUsConfig, tMs: number): number {
  return planRampingVUs(c, SegmentedExecution.full()).vusAt(tMs);
}

/** Activity windows of the VU with this global index under the unsegmented ramp. */
function rampingIntervals(c: RampingVUsConfig, g: number, hardEndMs: number): VUActiveInterval[] {
  const out: VUActiveInterval[] = [];
  const total = stagesDurationMs(c.stages);
  let startedAt: number | undefined = g < c.startVUs ? 0 : undefined;
  const close = (endMs: number, endReason: VUActiveInterval['endReason']): void => {
    const startMs = startedAt as number;
    startedAt = undefined;
    if (endMs <= startMs) return;
    const hardStopMs = endReason === 'ramp-down' ? Math.min(endMs + c.gracefulRampDownMs, hardEndMs) : endMs + c.gracefulStopMs;
    out.push({ startMs, endMs, endReason, hardStopMs });
  };
  let from = c.startVUs;
  let stageStart = 0;
  for (const { durationMs: d, target: to } of c.stages) {
    if (to > from && g >= from && g < to && startedAt === undefined) {
      const t = stageStart + (d === 0 ? 0 : (d * (g + 1 - from)) / (to - from));
      const last = out[out.length - 1];
      if (last && last.endMs === t) startedAt = out.pop()!.startMs; // no gap: one continuous stretch
      else startedAt = t;
    } else if (to < from && g >= to && g < from && startedAt !== undefined) {
      close(stageStart + (d === 0 ? 0 : (d * (from - g)) / (from - to)), 'ramp-down');
    }
    stageStart += d;
    from = to;
  }
  if (startedAt !== undefined) close(total, 'scenario-end');
  return out;
}

export function planRampingVUs(c: RampingVUsConfig, seg: SegmentedExecution): RampingVUsPlan {
  const total = stagesDurationMs(c.stages);
  const peak = Math.max(c.startVUs, ...c.stages.map((s) => s.target));
  const vus: RampingVU[] = [];
  for (let local = 0; local < seg.scale(peak); local++) {
    const globalIndex = seg.globalIndex(local);
    const intervals = rampingIntervals(c, globalIndex, total + c.gracefulStopMs);
    if (intervals.length > 0) vus.push({ localIndex: local, globalIndex, intervals });
  }
  const starts = vus.flatMap((v) => v.intervals.map((i) => i.startMs)).sort((a, b) => a - b);
  const ends = vus.flatMap((v) => v.intervals.map((i) => i.endMs)).sort((a, b) => a - b);
  return {
    executor: c.executor,
    totalStageDurationMs: total,
    gracefulRampDownMs: c.gracefulRampDownMs,
    gracefulStopMs: c.gracefulStopMs,
    vus,
    vusAt: (t) => countAtMost(starts, t) - countAtMost(ends, t),
  };
}

/** Number of sorted values <= x. */
function countAtMost(sorted: readonly number[], x: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    [lo, hi] = sorted[mid] <= x ? [mid + 1, hi] : [lo, mid];
  }
  return lo;
}

export function planPerVUIterations(c: PerVUIterationsConfig, seg: SegmentedExecution): PerVUIterationsPlan {
  const vus = seg.scale(c.vus);
  return { executor: c.executor, vus, iterationsPerVU: c.iterations, totalIterations: vus * c.iterations, maxDurationMs: c.maxDurationMs };
}

export function planSharedIterations(c: SharedIterationsConfig, seg: SegmentedExecution): SharedIterationsPlan {
  const iterations = seg.scale(c.iterations);
  return {
    executor: c.executor, vus: seg.scale(c.vus), iterations, totalGlobalIterations: c.iterations, maxDurationMs: c.maxDurationMs,
    globalIterationIndex(local) {
      if (!Number.isSafeInteger(local) || local < 0 || local >= iterations) {
        throw new RangeError(`local iteration ${local} is outside 0…${iterations - 1}`);
      }
      return seg.globalIndex(local);
    },
    globalIterationIndices: () => seg.ownedIndices(c.iterations),
  };
}

/** Pre-allocated and max VUs, striped like any other count (a small value can be 0 here). */
function arrivalVUs(c: ConstantArrivalRateConfig | RampingArrivalRateConfig, seg: SegmentedExecution): Pick<ArrivalRatePlan, 'executor' | 'preAllocatedVUs' | 'maxVUs'> {
  return { executor: c.executor, preAllocatedVUs: seg.scale(c.preAllocatedVUs), maxVUs: seg.scale(c.maxVUs) };
}

/** Ticks i at i·timeUnit/rate for every i with that time < duration. */
export function planConstantArrivalRate(c: ConstantArrivalRateConfig, seg: SegmentedExecution): ArrivalRatePlan {
  const exactCount = Fraction.fromNumber(c.durationMs).mul(Fraction.fromNumber(c.rate)).div(Fraction.fromNumber(c.timeUnitMs));
  const totalGlobalTicks = Number(exactCount.ceil());
  return {
    ...arrivalVUs(c, seg), durationMs: c.durationMs, totalGlobalTicks, localTicks: seg.scale(totalGlobalTicks),
    *ticks() {
      for (const i of seg.ownedIndices(totalGlobalTicks)) yield { globalIndex: i, atMs: (i * c.timeUnitMs) / c.rate };
    },
  };
}

/** A rate stage with its exact cumulative count N at its start and the global ticks
 *  [firstTick, endTick) that fall inside it. */
interface RateStage { startMs: number; durationMs: number; fromRate: number; toRate: number; startCount: Fraction; firstTick: number; endTick: number }

/** N(t) = ∫ rate/timeUnit, piecewise quadratic; tick i at the first t with N(t) = i, t < total. */
function rateStages(c: RampingArrivalRateConfig): RateStage[] {
  const unit = Fraction.fromNumber(c.timeUnitMs);
  const out: RateStage[] = [];
  let count = Fraction.ZERO;
  let startMs = 0;
  let fromRate = c.startRate;
  let nextTick = 0;
  for (const { durationMs, target } of c.stages) {
    const added = Fraction.fromNumber(durationMs).mul(new Fraction(BigInt(fromRate + target), 2n)).div(unit);
    const endCount = count.add(added);
    let endTick = Math.max(nextTick, Number(endCount.ceil())); // every i < N_end
    // A flat-zero stage holds N at an integer it reached at its start: that tick fires at startMs.
    if (durationMs > 0 && endCount.cmp(count) === 0 && count.den === 1n && Number(count.num) === nextTick) endTick = nextTick + 1;
    out.push({ startMs, durationMs, fromRate, toRate: target, startCount: count, firstTick: nextTick, endTick });
    nextTick = endTick;
    count = endCount;
    startMs += durationMs;
    fromRate = target;
  }
  return out;
}

/** Time within stage s at which N reaches tick i (N_s <= i < N_e): solves the quadratic stably. */
function tickTime(s: RateStage, i: number, timeUnitMs: number): number {
  const k = new Fraction(BigInt(i)).sub(s.startCount).toNumber() * timeUnitMs; // rate·ms still needed
  if (k <= 0) return s.startMs;
  const r0 = s.fromRate;
  const slope = (s.toRate - r0) / s.durationMs;
  const x = slope === 0 ? k / r0 : (2 * k) / (r0 + Math.sqrt(Math.max(0, r0 * r0 + 2 * slope * k)));
  return s.startMs + Math.min(x, s.durationMs);
}

export function planRampingArrivalRate(c: RampingArrivalRateConfig, seg: SegmentedExecution): ArrivalRatePlan {
  const stages = rateStages(c);
  const totalGlobalTicks = stages.length === 0 ? 0 : stages[stages.length - 1].endTick;
  return {
    ...arrivalVUs(c, seg), durationMs: stagesDurationMs(c.stages), totalGlobalTicks, localTicks: seg.scale(totalGlobalTicks),
    *ticks() {
      for (const s of stages) {
        for (let i = seg.nextOwnedIndex(s.firstTick); i < s.endTick; i = seg.nextOwnedIndex(i + 1)) {
          yield { globalIndex: i, atMs: tickTime(s, i, c.timeUnitMs) };
        }
      }
    },
  };
}

/** This instance's plan for any executor. */
export function planScenario(c: NormalizedScenario, seg: SegmentedExecution): ScenarioPlan {
  switch (c.executor) {
    case 'constant-vus': return planConstantVUs(c, seg);
    case 'ramping-vus': return planRampingVUs(c, seg);
    case 'per-vu-iterations': return planPerVUIterations(c, seg);
    case 'shared-iterations': return planSharedIterations(c, seg);
    case 'constant-arrival-rate': return planConstantArrivalRate(c, seg);
    case 'ramping-arrival-rate': return planRampingArrivalRate(c, seg);
  }
}

/** How long the scenario can run, gracefulStop included, startTime excluded. */
export function maxDurationMs(c: NormalizedScenario): number {
  const run = 'stages' in c ? stagesDurationMs(c.stages) : 'maxDurationMs' in c ? c.maxDurationMs : c.durationMs;
  return run + c.gracefulStopMs;
}

/** Scenarios as a list or as resolveScenarios() returns them. */
export type ScenarioSet = Iterable<NormalizedScenario> | Record<string, NormalizedScenario>;

/** A block of VUs a scenario holds over [fromMs, toMs) of the whole test's timeline. */
interface VUBlock { fromMs: number; toMs: number; planned: number; unplanned: number }

/** Union of [startMs, hardStopMs) over one VU's (ascending) intervals. */
function heldWindows(intervals: readonly VUActiveInterval[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const i of intervals) {
    const last = out[out.length - 1];
    if (last && i.startMs <= last[1]) last[1] = Math.max(last[1], i.hardStopMs);
    else out.push([i.startMs, i.hardStopMs]);
  }
  return out;
}

function vuBlocks(c: NormalizedScenario, seg: SegmentedExecution): VUBlock[] {
  const at = c.startTimeMs;
  const end = at + maxDurationMs(c);
  const plan = planScenario(c, seg);
  switch (plan.executor) {
    case 'ramping-vus':
      // A ramped-down VU keeps its slot until its graceful ramp-down is over (or it is reused).
      return plan.vus.flatMap((v) => heldWindows(v.intervals).map(([from, to]) => ({ fromMs: at + from, toMs: at + to, planned: 1, unplanned: 0 })));
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return [{ fromMs: at, toMs: end, planned: plan.preAllocatedVUs, unplanned: plan.maxVUs - plan.preAllocatedVUs }];
    case 'shared-iterations':
      return [{ fromMs: at, toMs: end, planned: Math.min(plan.vus, plan.iterations), unplanned: 0 }];
    default:
      return [{ fromMs: at, toMs: end, planned: plan.vus, unplanned: 0 }];
  }
}

function peak(scenarios: ScenarioSet, seg: SegmentedExecution, withUnplanned: boolean): number {
  const list = Symbol.iterator in scenarios ? [...(scenarios as Iterable<NormalizedScenario>)] : Object.values(scenarios);
  const events: Array<[number, number]> = [];
  for (const b of list.flatMap((c) => vuBlocks(c, seg))) {
    const n = b.planned + (withUnplanned ? b.unplanned : 0);
    if (n > 0 && b.toMs > b.fromMs) events.push([b.fromMs, n], [b.toMs, -n]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]); // at equal times, releases first: [from, to)
  let [now, max] = [0, 0];
  for (const [, delta] of events) max = Math.max(max, (now += delta));
  return max;
}

/**
 * VUs this instance initialises before the test (k6's max planned VUs): the peak, over the whole
 * timeline, of the VUs all overlapping scenarios hold (startTime offsets, gracefulStop and
 * gracefulRampDown included; arrival-rate scenarios count preAllocatedVUs).
 */
export function maxConcurrentVUs(scenarios: ScenarioSet, seg: SegmentedExecution): number {
  return peak(scenarios, seg, false);
}

/** Upper bound of vus_max: as maxConcurrentVUs, with arrival-rate scenarios at maxVUs. */
export function maxPossibleVUs(scenarios: ScenarioSet, seg: SegmentedExecution): number {
  return peak(scenarios, seg, true);
}
