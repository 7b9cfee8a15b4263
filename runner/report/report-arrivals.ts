/**
 * The inter-arrival distribution each arrival-rate window achieved, for the report: the gaps
 * between the iteration starts the built-in engine recorded (engine-stats.json, a bounded sample
 * per scenario: loadgen/run/arrival-recorder.ts) whose start falls in the window's timed step,
 * judged against an exponential of their own mean: Kolmogorov–Smirnov distance, its critical
 * value at alpha 0.01, and whether that makes them Poisson-like. k6 records no starts: the
 * result says so instead.
 */
import { arrivalFit, MIN_GAPS } from '../../scenarios/lib/arrival-fit.ts';
import { stepName, type ProfilePlan } from '../../scenarios/lib/profiles/profile.ts';
import type { ArrivalStats } from '../../loadgen/run/arrival-recorder.ts';
import type { LoadEngineName } from '../load/load-engine.ts';
import type { WindowResult } from '../results/report-schema.ts';

/** The part of `--engine-stats` the report reads. */
export interface EngineStatsFile {
  arrivals?: ArrivalStats;
}

/** Gaps (of every arrival-rate scenario) whose start is in [fromMs, toMs) of the test. */
export function gapsBetween(stats: ArrivalStats, fromMs: number, toMs: number): number[] {
  return Object.values(stats.scenarios).flatMap((s) => s.gapMs.filter((_, i) => s.atMs[i] >= fromMs && s.atMs[i] < toMs));
}

const ARRIVAL_EXECUTORS = new Set(['constant-arrival-rate', 'ramping-arrival-rate']);

export function hasArrivalRate(plan: ProfilePlan): boolean {
  return Object.values(plan.scenarios).some((s) => ARRIVAL_EXECUTORS.has(s.executor));
}

export interface ArrivalInputs {
  plan: ProfilePlan;
  loadEngine: LoadEngineName;
  engineStats: EngineStatsFile | undefined;
}

/** The windows with `arrivals` where the engine recorded them, and why not otherwise (undefined: not an arrival-rate profile). */
export function withArrivals(windows: WindowResult[], a: ArrivalInputs): { windows: WindowResult[]; notMeasured?: string } {
  if (!hasArrivalRate(a.plan) || !windows.length) return { windows };
  if (a.loadEngine === 'k6') return { windows, notMeasured: 'the load came from k6, which records no iteration start times (no engine stats): run on the built-in engine to see them' };
  const stats = a.engineStats?.arrivals;
  if (!stats) return { windows, notMeasured: 'the run recorded no engine stats with iteration starts (an older run, or the engine stopped before writing them)' };
  const spans = new Map(a.plan.steps.flatMap((s) => (s.schedule.kind === 'timed' ? [[stepName(s.label), s.schedule] as const] : [])));
  const out = windows.map((w) => {
    const span = spans.get(w.window);
    const fit = span && arrivalFit(gapsBetween(stats, span.startMs, span.startMs + span.holdMs));
    return fit ? { ...w, arrivals: fit } : w;
  });
  return { windows: out, ...(out.some((w) => w.arrivals) ? {} : { notMeasured: `fewer than ${MIN_GAPS} recorded gaps in every window` }) };
}
