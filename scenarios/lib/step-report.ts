/**
 * Reads k6's end-of-test summary into per-step rows (per `level`, `rate`, `n` or peak `step`),
 * the paper's seconds-per-N table and peak's sustained rate.
 */
import type { Config } from './config.ts';
import { STEP_TAG, type ProfilePlan } from './profiles.ts';
import { PAPER_BATCH_METRIC } from './thresholds.ts';
import { readWindow, type K6Summary } from '../../runner/report/summary-reader.ts';

type Values = Record<string, number>;
export interface SummaryData {
  metrics: Record<string, { type: string; values: Values; thresholds?: Record<string, { ok: boolean }> }>;
  root_group?: { checks?: { name: string; passes: number; fails: number }[]; groups?: unknown[] };
  state?: { testRunDurationMs: number };
  [key: string]: unknown;
}

export interface StepRow {
  step: string;
  requests: number;
  /** Requests per second over the step's hold time (concurrency / rate / peak). */
  throughput?: number;
  avgMs?: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  checkRate?: number;
  dropped?: number;
  inferMs?: number;
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

const val = (d: SummaryData, metric: string, stat: string): number | undefined => d.metrics[metric]?.values[stat];

function stepRows(d: SummaryData, config: Config, plan: ProfilePlan, key: string): StepRow[] {
  const holdSeconds = config.load.stepMs / 1000;
  return plan.steps.map((step) => {
    const w = readWindow(d as K6Summary, config.protocol, step, `{${key}:${step}}`, holdSeconds);
    return {
      step,
      requests: w.requests,
      throughput: config.profile === 'paper' ? undefined : w.throughputRps,
      avgMs: w.latency.mean,
      p50Ms: w.latency.p50,
      p95Ms: w.latency.p95,
      p99Ms: w.latency.p99,
      checkRate: w.checkRate,
      dropped: config.profile === 'rate' ? val(d, `dropped_iterations{scenario:rate_${step}}`, 'count') ?? 0 : undefined,
      inferMs: w.serverTiming?.infer,
    };
  });
}

function paperRows(d: SummaryData, config: Config): PaperRow[] {
  return config.load.paperN.map((n) => {
    const reps = Array.from({ length: config.load.paperRepeats }, (_, i) => val(d, `${PAPER_BATCH_METRIC}{n:${n},rep:${i + 1}}`, 'avg'));
    const done = reps.filter((r): r is number => r !== undefined);
    const mean = done.length ? done.reduce((a, b) => a + b, 0) / done.length : NaN;
    return { n, meanSeconds: mean, perRequestMs: (mean / n) * 1000, repetitions: done };
  });
}

export function peakResult(rows: StepRow[], config: Config): PeakResult {
  const holds = rows.map((r) => {
    const rate = Number(r.step);
    const ok =
      r.p99Ms !== undefined &&
      r.p99Ms <= config.p99Ms &&
      (r.checkRate ?? 0) >= config.minCheckRate &&
      (r.throughput ?? 0) >= 0.9 * rate;
    return { rate, p99Ms: r.p99Ms, achieved: r.throughput, checkRate: r.checkRate, ok };
  });
  let sustainedRate: number | null = null;
  for (const h of holds) {
    if (!h.ok) break;
    sustainedRate = h.rate;
  }
  return { budgetMs: config.p99Ms, sustainedRate, holds };
}

export function computeExtras(d: SummaryData, config: Config, plan: ProfilePlan): Extras {
  const key = STEP_TAG[config.profile];
  if (!key) return {};
  const steps = stepRows(d, config, plan, key);
  if (config.profile === 'paper') return { steps, paper: paperRows(d, config) };
  if (config.profile === 'peak') return { steps, peak: peakResult(steps, config) };
  return { steps };
}
