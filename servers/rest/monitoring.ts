/**
 * The admission counters in Prometheus' text format at TF Serving's conventional monitoring
 * path, `GET /monitoring/prometheus/metrics`: queue bound and depth, running inferences, predict
 * calls in flight, and totals of calls admitted, refused (queue full) and cancelled (client gone),
 * and of inferences run (fewer than the calls with server-side batching).
 */
import type { ServingStats } from '../core/model-backend.ts';

export const MONITORING_PATH = '/monitoring/prometheus/metrics';

const METRICS: { key: keyof ServingStats; name: string; type: 'gauge' | 'counter'; help: string }[] = [
  { key: 'maxQueue', name: 'servebench_queue_limit', type: 'gauge', help: 'Most predict calls that may wait for an inference worker (--max-queue).' },
  { key: 'queued', name: 'servebench_queue_depth', type: 'gauge', help: 'Predict calls waiting for an inference worker.' },
  { key: 'running', name: 'servebench_inferences_running', type: 'gauge', help: 'Inferences running on workers.' },
  { key: 'inFlight', name: 'servebench_predict_in_flight', type: 'gauge', help: 'Predict calls admitted and not yet answered.' },
  { key: 'admitted', name: 'servebench_predict_admitted_total', type: 'counter', help: 'Predict calls admitted into the queue.' },
  { key: 'rejected', name: 'servebench_predict_rejected_total', type: 'counter', help: 'Predict calls refused because the queue was full (503 / UNAVAILABLE).' },
  { key: 'cancelled', name: 'servebench_predict_cancelled_total', type: 'counter', help: 'Predict calls whose client went away before the answer.' },
  { key: 'inferences', name: 'servebench_inferences_total', type: 'counter', help: 'Inferences the workers ran (with batching, one answers several predict calls).' },
];

const promNumber = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : '-Inf');

export function renderMetrics(stats: ServingStats): string {
  return METRICS.map(({ key, name, type, help }) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${promNumber(stats[key])}\n`).join('');
}

/** Reads the text back (tests, probes): metric name -> value. */
export function parseMetrics(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+) (\S+)$/.exec(line);
    if (m) values[m[1]] = m[2] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[2]);
  }
  return values;
}
