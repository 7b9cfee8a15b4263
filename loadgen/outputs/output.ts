/**
 * The streaming-output contract (`--out TYPE[=CONFIG]`, as k6 spells it) and the factory that turns
 * one `--out` argument into an Output. An output receives every sample while the test runs
 * (addSamples never blocks and never throws), writes them off the hot path, and reports at stop()
 * what it wrote, what it had to drop and what went wrong (stop() never rejects).
 */
import type { MetricDef, Sample } from '../metrics/sample.ts';
import { JsonOutput } from './json-output.ts';
import { InfluxDBOutput, parseInfluxDBConfig } from './influxdb-output.ts';

export interface OutputReport {
  /** The output type: `json`, `influxdb`. */
  name: string;
  /** Samples written (JSON: Point lines; InfluxDB: points the server accepted). */
  written: number;
  /** Samples lost: buffer caps, failed writes, unwritable values, the stop deadline. */
  dropped: number;
  /** Each warning once, in the order it was first raised (also passed to `warn` when raised). */
  warnings: string[];
}

export interface Output {
  /** For the run's banner, e.g. `json (out.json)` or `InfluxDBv1 (http://127.0.0.1:8086)`; never holds credentials. */
  readonly description: string;
  /** Opens files / connections. JSON rejects when its file cannot be opened; InfluxDB never rejects. */
  start(): Promise<void>;
  /** The metrics' types, before or while samples arrive (custom metrics may come later). */
  addMetricDefs?(defs: MetricDef[]): void;
  /** Queues samples; never blocks, never throws. */
  addSamples(samples: Sample[]): void;
  /** Flushes what is left (bounded by a deadline) and reports; never rejects. */
  stop(): Promise<OutputReport>;
}

/** The `--out` types this engine has (k6 has more: csv, cloud, experimental-prometheus-rw, …). */
export const SUPPORTED_OUTPUTS = ['json', 'influxdb'] as const;

export class UnknownOutputError extends Error {
  override name = 'UnknownOutputError';
  constructor(readonly outputType: string) {
    super(`invalid output type '${outputType}', available types are: ${SUPPORTED_OUTPUTS.join(', ')}`);
  }
}

/** Splits `type=config` at the first `=` (config may itself hold `=`, as URLs do). */
export function splitOutputArg(arg: string): { type: string; config: string } {
  const eq = arg.indexOf('=');
  return eq < 0 ? { type: arg.trim(), config: '' } : { type: arg.slice(0, eq).trim(), config: arg.slice(eq + 1).trim() };
}

/**
 * One `--out` argument → an Output: `json`, `json=FILE` (`.gz` → gzip, `-` or none → stdout),
 * `influxdb`, `influxdb=http(s)://[user:pass@]host:port[/prefix]/db[?params]`, with `K6_INFLUXDB_*`
 * from `env`. Throws UnknownOutputError for another type and Error for a bad configuration.
 */
export function createOutput(arg: string, env: Record<string, string | undefined>, warn: (m: string) => void): Output {
  const { type, config } = splitOutputArg(arg);
  switch (type) {
    case 'json':
      return new JsonOutput(config, warn);
    case 'influxdb':
      return new InfluxDBOutput(parseInfluxDBConfig(config, env, warn), warn);
    default:
      throw new UnknownOutputError(type);
  }
}
