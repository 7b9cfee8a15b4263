/**
 * The engine's one vocabulary for metrics, shared by the VU side (modules emit samples), the
 * aggregation (stores, thresholds, summary) and the outputs (JSON lines, InfluxDB).
 */

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
/** k6's `contains`: what a value is (shown in summaries, written to outputs). */
export type ValueKind = 'default' | 'time' | 'data';

export type Tags = Record<string, string>;

export interface MetricDef {
  name: string;
  type: MetricType;
  contains: ValueKind;
}

/** One measurement, as k6 has it: timestamped at the end of what it measures. */
export interface Sample {
  metric: string;
  /** Milliseconds since the epoch (fractional allowed). */
  time: number;
  value: number;
  tags: Tags;
}

/** The metrics k6 defines itself (name, type, contains). */
export const BUILTIN_METRICS: readonly MetricDef[] = [
  { name: 'vus', type: 'gauge', contains: 'default' },
  { name: 'vus_max', type: 'gauge', contains: 'default' },
  { name: 'iterations', type: 'counter', contains: 'default' },
  { name: 'iteration_duration', type: 'trend', contains: 'time' },
  { name: 'dropped_iterations', type: 'counter', contains: 'default' },
  { name: 'data_sent', type: 'counter', contains: 'data' },
  { name: 'data_received', type: 'counter', contains: 'data' },
  { name: 'checks', type: 'rate', contains: 'default' },
  { name: 'group_duration', type: 'trend', contains: 'time' },
  { name: 'http_reqs', type: 'counter', contains: 'default' },
  { name: 'http_req_failed', type: 'rate', contains: 'default' },
  { name: 'http_req_duration', type: 'trend', contains: 'time' },
  { name: 'http_req_blocked', type: 'trend', contains: 'time' },
  { name: 'http_req_connecting', type: 'trend', contains: 'time' },
  { name: 'http_req_tls_handshaking', type: 'trend', contains: 'time' },
  { name: 'http_req_sending', type: 'trend', contains: 'time' },
  { name: 'http_req_waiting', type: 'trend', contains: 'time' },
  { name: 'http_req_receiving', type: 'trend', contains: 'time' },
  { name: 'grpc_req_duration', type: 'trend', contains: 'time' },
];
