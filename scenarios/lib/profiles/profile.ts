/**
 * The load-profile contract. A profile is one module: its defaults (short: minutes, for
 * `servebench run`; full: the study's protocol, for `--full` and a direct `k6 run`) and
 * `plan(settings)`, which returns the k6 scenarios plus the list of measured steps. Thresholds,
 * the scenarios' summary tables, the runner's progress line and the report's windows all derive
 * from that step list; nothing else knows a profile by name.
 */
import type { Scenario } from 'k6/options';
import type { Config } from '../config.ts';
import type { LoadSettings } from '../load-settings.ts';
import type { Extras, StepRow } from '../step-report.ts';

/** A step's name as data: `vus=8` is { name: 'vus', value: 8 }; a whole measured window is { name: 'all' }. */
export interface StepLabel {
  name: string;
  value?: number;
}

export type StepSchedule =
  /** Held from `startMs` (after the test starts) for `holdMs`: throughput is requests over the hold. */
  | { kind: 'timed'; startMs: number; holdMs: number }
  /**
   * `repetitions` runs of `requests` back-to-back requests (the study's protocol); each run's wall
   * time is recorded in `paper_batch_seconds` under the step's tags plus `rep`.
   */
  | { kind: 'sequential'; requests: number; repetitions: number };

export interface Step {
  label: StepLabel;
  /** The tags the step's requests carry; `selectorOf(tags)` is its submetric selector, e.g. `{level:8}`. */
  tags: Record<string, string>;
  schedule: StepSchedule;
  /** An arrival-rate step run as one k6 scenario of its own: its dropped iterations are counted. */
  droppedScenario?: string;
}

export interface ProfilePlan {
  scenarios: Record<string, Scenario>;
  steps: Step[];
  /** Warm-up before the first step, kept out of every step (tagged phase:warmup). */
  warmupMs: number;
  warmupRequests: number;
  /** Whether P99_MS gates the run (false: the profile measures against the budget instead). */
  p99Gate: boolean;
  /** Requests of `scenario` are tagged `tag` = the tag of the timed step running then (`ramp` in between). */
  tagByTime?: { scenario: string; tag: string; scenarioStartMs: number };
}

export interface LoadProfile {
  name: string;
  /** One line for --help and the docs. */
  about: string;
  defaults: { short: LoadSettings; full: LoadSettings };
  /** The default p99 budget (P99_MS), ms. */
  p99Ms: number;
  plan(settings: LoadSettings): ProfilePlan;
  /** Figures of the profile's own beside the per-step rows (the paper's seconds-per-N table, peak's sustained rate). */
  extras?(rows: StepRow[], config: Config): Omit<Extras, 'steps'>;
}

/** The tag a sequential step's repetitions carry (1, 2, ...). */
export const REPETITION_TAG = 'rep';
/** The Trend a sequential step's wall time per repetition goes to, in seconds. */
export const PAPER_BATCH_METRIC = 'paper_batch_seconds';

/** `vus=8`, `n=100`, `all`: a label as every table and chart shows it. */
export function stepName(label: StepLabel): string {
  return label.value === undefined ? label.name : `${label.name}=${label.value}`;
}

/** `{level:8}`, `{n:5,rep:2}`: k6's submetric selector for these tags. */
export function selectorOf(tags: Record<string, string>): string {
  return `{${Object.entries(tags)
    .map(([k, v]) => `${k}:${v}`)
    .join(',')}}`;
}

/** The selector of one repetition of a sequential step. */
export function repetitionSelector(step: Step, rep: number): string {
  return selectorOf({ ...step.tags, [REPETITION_TAG]: String(rep) });
}

/** The value of `plan.tagByTime.tag` for a request `elapsedMs` into its scenario. */
export function stepTagAt(plan: ProfilePlan, elapsedMs: number): string {
  const by = plan.tagByTime;
  if (!by) return 'ramp';
  const t = by.scenarioStartMs + elapsedMs;
  for (const step of plan.steps) {
    const s = step.schedule;
    if (s.kind === 'timed' && t >= s.startMs && t < s.startMs + s.holdMs) return step.tags[by.tag] ?? 'ramp';
  }
  return 'ramp';
}
