/**
 * Thresholds: the gates (check rate and p99 over the measured window only) plus empty
 * thresholds that make k6 keep per-step submetrics (`{level:8}`, `{n:100}`, ...) for the summary.
 */
import type { Config } from './config.ts';
import { SERVER_TIMING_METRICS } from './server-timing.ts';
import { STEP_TAG, type ProfilePlan } from './profiles.ts';

/** The metric names the report reads back, defined once beside the one summary reader. */
import { PAPER_BATCH_METRIC, REQUEST_FAILED_METRIC } from '../../runner/report/summary-reader.ts';

export { PAPER_BATCH_METRIC, REQUEST_FAILED_METRIC };

export function latencyMetric(config: Config): string {
  return config.protocol === 'grpc' ? 'grpc_req_duration' : 'http_req_duration';
}

export function buildThresholds(config: Config, plan: ProfilePlan): Record<string, string[]> {
  const latency = latencyMetric(config);
  const thresholds: Record<string, string[]> = {
    'checks{phase:measure}': [`rate>=${config.minCheckRate}`],
    [`${latency}{phase:measure}`]: config.profile === 'peak' ? [] : [`p(99)<${config.p99Ms}`],
    'iterations{phase:measure}': [],
    [`${REQUEST_FAILED_METRIC}{phase:measure}`]: [],
    [`${REQUEST_FAILED_METRIC}{phase:warmup}`]: [],
  };
  for (const metric of SERVER_TIMING_METRICS) thresholds[`${metric}{phase:measure}`] = [];
  const key = STEP_TAG[config.profile];
  if (!key) return thresholds;
  for (const step of plan.steps) {
    const sel = `{${key}:${step}}`;
    for (const metric of [latency, 'checks', 'iterations', REQUEST_FAILED_METRIC, ...SERVER_TIMING_METRICS]) thresholds[metric + sel] = [];
  }
  if (config.profile === 'paper') {
    for (const n of plan.steps) {
      thresholds[`${PAPER_BATCH_METRIC}{n:${n}}`] = [];
      for (let rep = 1; rep <= config.load.paperRepeats; rep++) thresholds[`${PAPER_BATCH_METRIC}{n:${n},rep:${rep}}`] = [];
    }
  }
  if (config.profile === 'rate') {
    for (const step of plan.steps) thresholds[`dropped_iterations{scenario:rate_${step}}`] = [];
  }
  if (config.profile === 'peak') thresholds['dropped_iterations{scenario:peak}'] = [];
  return thresholds;
}
