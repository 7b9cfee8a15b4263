/**
 * Reads one k6 summary (handleSummary's `data` in SUMMARY_PATH, or k6's --summary-export as a
 * fallback; both shapes) into report windows: one per step of the profile's plan (paper N,
 * concurrency level, rate step, or the whole measured window for smoke/soak).
 */
import { PAPER_BATCH_METRIC, repetitionSelector, selectorOf, stepName, type Step } from '../../scenarios/lib/profiles/profile.ts';
import type { LatencyStats, WindowResult } from '../results/report-schema.ts';
import { TIMING_PARTS } from '../../servers/core/server-timing.ts';

type Values = Record<string, number>;
interface MetricLike {
  values?: Values;
  [stat: string]: unknown;
}
export interface K6Summary {
  metrics: Record<string, MetricLike>;
  root_group?: { checks?: unknown };
}

export { PAPER_BATCH_METRIC };
/** Rate: 1 for a predict that got no answer (HTTP status not 200, gRPC status not OK), on REST and gRPC alike. */
export const REQUEST_FAILED_METRIC = 'request_failed';

/** Predicts that failed during warm-up (outside every measured window), or undefined when not recorded. */
export function warmupFailures(s: K6Summary): number | undefined {
  const v = metricValues(s, `${REQUEST_FAILED_METRIC}{phase:warmup}`);
  return v ? (v.passes ?? 0) : undefined;
}

export function metricValues(s: K6Summary, name: string): Values | undefined {
  const m = s.metrics[name];
  if (!m) return undefined;
  return (m.values ?? m) as Values;
}

function stat(s: K6Summary, name: string, key: string): number | undefined {
  const v = metricValues(s, name);
  if (!v) return undefined;
  if (key === 'rate') return v.rate ?? v.value;
  const x = v[key];
  return typeof x === 'number' ? x : undefined;
}

/** passes / fails of one named check over the whole run (array or object form). */
function checkCounts(s: K6Summary, name: string): { passes: number; fails: number } | undefined {
  const checks = s.root_group?.checks;
  const list = Array.isArray(checks) ? checks : checks && typeof checks === 'object' ? Object.values(checks) : [];
  return (list as { name: string; passes: number; fails: number }[]).find((c) => c.name === name);
}

function latency(s: K6Summary, metric: string): LatencyStats {
  const get = (k: string) => stat(s, metric, k) ?? NaN;
  return { mean: get('avg'), p50: get('med'), p90: get('p(90)'), p95: get('p(95)'), p99: get('p(99)'), max: get('max') };
}

/** Failed predicts in the window (`request_failed`, both protocols); older summaries: http_req_failed, else the `status ok` check. */
function errorRate(s: K6Summary, protocol: 'rest' | 'grpc', sel: string): number {
  const ours = metricValues(s, `${REQUEST_FAILED_METRIC}${sel}`);
  if (ours && (ours.passes ?? 0) + (ours.fails ?? 0) > 0) return stat(s, `${REQUEST_FAILED_METRIC}${sel}`, 'rate') ?? 0;
  const windowed = protocol === 'rest' ? stat(s, `http_req_failed${sel}`, 'rate') : undefined;
  if (windowed !== undefined) return windowed;
  const c = checkCounts(s, 'status ok');
  if (c && c.passes + c.fails > 0) return c.fails / (c.passes + c.fails);
  return (protocol === 'rest' ? stat(s, 'http_req_failed', 'rate') : undefined) ?? 0;
}

/**
 * One window of a summary (the only place a summary's numbers are read, for the report and for
 * the scenarios' own end-of-test tables): throughput is requests over the window's seconds.
 */
export function readWindow(s: K6Summary, protocol: 'rest' | 'grpc', name: string, sel: string, seconds: number): WindowResult {
  const metric = protocol === 'grpc' ? 'grpc_req_duration' : 'http_req_duration';
  const requests = stat(s, `${metric}${sel}`, 'count') ?? 0;
  const serverTiming: NonNullable<WindowResult['serverTiming']> = {};
  for (const { part, metric: trend } of TIMING_PARTS) {
    const v = stat(s, `${trend}${sel}`, 'avg');
    if (v !== undefined && (stat(s, `${trend}${sel}`, 'count') ?? 1) > 0) serverTiming[part] = v;
  }
  return {
    window: name,
    requests,
    throughputRps: seconds > 0 ? requests / seconds : 0,
    latency: latency(s, `${metric}${sel}`),
    errorRate: errorRate(s, protocol, sel),
    checkRate: stat(s, `checks${sel}`, 'rate') ?? stat(s, 'checks', 'rate') ?? NaN,
    ...(Object.keys(serverTiming).length ? { serverTiming } : {}),
  };
}

/** Seconds of each repetition of a sequential step, as far as the summary has them. */
function repetitionSeconds(s: K6Summary, step: Step): number[] {
  if (step.schedule.kind !== 'sequential') return [];
  const reps = Array.from({ length: step.schedule.repetitions }, (_, i) => stat(s, `${PAPER_BATCH_METRIC}${repetitionSelector(step, i + 1)}`, 'avg'));
  return reps.filter((r): r is number => r !== undefined);
}

/** One step of a plan: timed steps over their hold time, sequential ones over their repetitions' wall time. */
export function readStep(s: K6Summary, protocol: 'rest' | 'grpc', step: Step): WindowResult {
  const sel = selectorOf(step.tags);
  if (step.schedule.kind === 'timed') return { ...readWindow(s, protocol, stepName(step.label), sel, step.schedule.holdMs / 1000), label: step.label };
  const paperSeconds = repetitionSeconds(s, step);
  const w = readWindow(s, protocol, stepName(step.label), sel, paperSeconds.reduce((a, b) => a + b, 0));
  return { ...w, label: step.label, paperSeconds };
}

/** The report's windows: the plan's steps that saw requests. */
export function readWindows(s: K6Summary, steps: Step[], protocol: 'rest' | 'grpc'): WindowResult[] {
  return steps.map((step) => readStep(s, protocol, step)).filter((w) => w.requests > 0);
}
