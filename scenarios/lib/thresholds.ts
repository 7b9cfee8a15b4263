/**
 * Thresholds: the gates (check rate, and p99 where the plan gates it, over the measured window
 * only) plus empty thresholds that make k6 keep each step's submetrics (`{level:8}`, `{n:100}`,
 * ...) for the summary. Everything per step comes from the plan's step list.
 */
import type { Config } from './config.ts';
import { TIMING_PARTS } from '../../servers/core/server-timing.ts';
import { PAPER_BATCH_METRIC, repetitionSelector, selectorOf, type ProfilePlan, type Step } from './profiles/profile.ts';

/** The metric names the report reads back, defined once beside the one summary reader. */
import { REQUEST_FAILED_METRIC } from '../../runner/report/summary-reader.ts';

export { PAPER_BATCH_METRIC, REQUEST_FAILED_METRIC };

/** Trend: wall time of one predict call in the script (ms); minus the request's duration, the client's own encode and decode. */
export const CLIENT_CALL_METRIC = 'client_call';
/** Per step also: bytes on the wire (k6's counters), the client's call time and the iteration time (closed-loop throughput = VUs / its mean). */
const WIRE_METRICS = ['data_sent', 'data_received', CLIENT_CALL_METRIC, 'iteration_duration'];

/** The server-timing Trends (from the one timing table; no k6 module, so Node tests import this file). */
const SERVER_TIMING_METRICS = TIMING_PARTS.map(({ metric }) => metric);

export function latencyMetric(config: Config): string {
  return config.protocol === 'grpc' ? 'grpc_req_duration' : 'http_req_duration';
}

/** The submetrics one step needs kept. */
function stepSubmetrics(step: Step, latency: string): string[] {
  const sel = selectorOf(step.tags);
  const out = [latency, 'checks', 'iterations', REQUEST_FAILED_METRIC, ...SERVER_TIMING_METRICS, ...WIRE_METRICS].map((m) => m + sel);
  if (step.schedule.kind === 'sequential') {
    out.push(PAPER_BATCH_METRIC + sel);
    for (let rep = 1; rep <= step.schedule.repetitions; rep++) out.push(PAPER_BATCH_METRIC + repetitionSelector(step, rep));
  }
  if (step.droppedScenario) out.push(`dropped_iterations${selectorOf({ scenario: step.droppedScenario })}`);
  return out;
}

export function buildThresholds(config: Config, plan: ProfilePlan): Record<string, string[]> {
  const latency = latencyMetric(config);
  const thresholds: Record<string, string[]> = {
    'checks{phase:measure}': [`rate>=${config.minCheckRate}`],
    [`${latency}{phase:measure}`]: plan.p99Gate ? [`p(99)<${config.p99Ms}`] : [],
    'iterations{phase:measure}': [],
    [`${REQUEST_FAILED_METRIC}{phase:measure}`]: [],
    [`${REQUEST_FAILED_METRIC}{phase:warmup}`]: [],
  };
  for (const metric of SERVER_TIMING_METRICS) thresholds[`${metric}{phase:measure}`] = [];
  // ??=: a step over the whole measured window ({phase:measure}) keeps the gates above.
  for (const step of plan.steps) for (const key of stepSubmetrics(step, latency)) thresholds[key] ??= [];
  return thresholds;
}
