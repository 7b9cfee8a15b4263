/**
 * Reads k6's end-of-test summary into one row per step of the plan, plus the profile's own
 * figures (the paper's seconds-per-N table, peak's sustained rate).
 */
import type { Config } from './config.ts';
import { selectorOf, type LoadProfile, type ProfilePlan, type StepLabel } from './profiles/profile.ts';
import { readStep, type K6Summary } from '../../runner/report/summary-reader.ts';

type Values = Record<string, number>;
export interface SummaryData {
  metrics: Record<string, { type: string; values: Values; thresholds?: Record<string, { ok: boolean }> }>;
  root_group?: { checks?: { name: string; passes: number; fails: number }[]; groups?: unknown[] };
  state?: { testRunDurationMs: number };
  [key: string]: unknown;
}

export interface StepRow {
  /** The label as shown: `vus=8`, `n=100`, `all`. */
  step: string;
  label: StepLabel;
  requests: number;
  /** Requests per second over the step's hold time (timed steps). */
  throughput?: number;
  avgMs?: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  checkRate?: number;
  dropped?: number;
  inferMs?: number;
  /** Sequential steps: seconds per repetition. */
  paperSeconds?: number[];
}

export interface PaperRow {
  n: number;
  /** Mean seconds for N sequential requests over the repetitions (the paper's figure). */
  meanSeconds: number;
  perRequestMs: number;
  repetitions: number[];
}

export interface PeakResult {
  budgetMs: number;
  /** Highest rate such that it and every lower step held the budget, all checks and the rate itself. */
  sustainedRate: number | null;
  holds: { rate: number; p99Ms: number | undefined; achieved: number | undefined; checkRate: number | undefined; ok: boolean }[];
}

export interface Extras {
  steps?: StepRow[];
  paper?: PaperRow[];
  peak?: PeakResult;
}

export function stepRows(d: SummaryData, config: Config, plan: ProfilePlan): StepRow[] {
  return plan.steps.map((step) => {
    const w = readStep(d as K6Summary, config.protocol, step);
    return {
      step: w.window,
      label: step.label,
      requests: w.requests,
      throughput: step.schedule.kind === 'timed' ? w.throughputRps : undefined,
      avgMs: w.latency.mean,
      p50Ms: w.latency.p50,
      p95Ms: w.latency.p95,
      p99Ms: w.latency.p99,
      checkRate: w.checkRate,
      dropped: step.droppedScenario ? (d.metrics[`dropped_iterations${selectorOf({ scenario: step.droppedScenario })}`]?.values.count ?? 0) : undefined,
      // The model's inference: a gateway's comes nested in its upstream span.
      inferMs: w.serverTiming?.infer ?? w.serverTiming?.upstreamInfer,
      ...(w.paperSeconds ? { paperSeconds: w.paperSeconds } : {}),
    };
  });
}

export function computeExtras(d: SummaryData, config: Config, profile: LoadProfile, plan: ProfilePlan): Extras {
  const steps = stepRows(d, config, plan);
  return { steps, ...profile.extras?.(steps, config) };
}
